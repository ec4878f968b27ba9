package org.vaepriors.nn;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter initialisation from a seeded Java generator, so that a seed gives the same weights on every
 * platform and backend (ND4J's own generator differs between CPU and CUDA builds).
 */
public final class Init {
    private Init() {
    }

    /** How a dense or convolutional layer's weights are drawn (biases are always zero). */
    public enum Scheme {
        /** He normal, N(0, 2 / fanIn): the VampPrior and Exemplar VAE code's gated layers */
        HE,
        /**
         * Glorot uniform, U(-sqrt(6 / (fanIn + fanOut)), +sqrt(6 / (fanIn + fanOut))): Glorot &amp; Bengio's
         * "normalized initialization" (AISTATS 2010), the one LARS names (Bauer &amp; Mnih, C.3) and
         * TensorFlow's default for dense layers
         */
        GLOROT
    }

    /**
     * Normal entries.
     *
     * @param rng   the generator
     * @param mean  the mean
     * @param std   the standard deviation
     * @param dtype the data type
     * @param shape the shape
     * @return a new array
     */
    public static INDArray normal(SplittableRandom rng, double mean, double std, DataType dtype, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + std * gaussian(rng);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    /**
     * He normal, N(0, 2 / fanIn): the initialisation of the reference code's gated layers.
     *
     * @param rng   the generator
     * @param fanIn inputs per output unit
     * @param dtype the data type
     * @param shape the shape
     * @return a new array
     */
    public static INDArray he(SplittableRandom rng, long fanIn, DataType dtype, long... shape) {
        return normal(rng, 0, Math.sqrt(2.0 / fanIn), dtype, shape);
    }

    /**
     * Glorot uniform, U(-r, r) with r = sqrt(6 / (fanIn + fanOut)), so that Var = 2 / (fanIn + fanOut).
     *
     * @param rng    the generator
     * @param fanIn  inputs per output unit
     * @param fanOut outputs per input unit
     * @param dtype  the data type
     * @param shape  the shape
     * @return a new array
     */
    public static INDArray glorot(SplittableRandom rng, long fanIn, long fanOut, DataType dtype, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double r = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r * (2 * rng.nextDouble() - 1);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    /** Box-Muller from a SplittableRandom (which has no nextGaussian of its own in Java 17's contract). */
    static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}

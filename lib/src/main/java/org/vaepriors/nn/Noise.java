package org.vaepriors.nn;

import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard normal noise from a seeded Java generator, fed to graphs as placeholders: in-graph random ops
 * of SameDiff M2.1 repeat the same sample and ignore the seed (STACK.md), and a caller's generator makes
 * every run reproducible.
 */
public final class Noise {
    private Noise() {
    }

    /**
     * @param n     rows
     * @param d     columns
     * @param rng   the generator
     * @param dtype the data type
     * @return {@code [n, d]} standard normal entries
     */
    public static INDArray gaussian(int n, int d, RandomGenerator rng, DataType dtype) {
        if (dtype == DataType.FLOAT) {
            // the same values as drawing doubles and casting (both round to nearest), without the double array
            float[] f = new float[n * d];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) rng.nextGaussian();
            }
            return HostArrays.floats(f, n, d);
        }
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[]{n, d}, DataType.DOUBLE).castTo(dtype);
    }

    /**
     * Antithetic pairs: {@code n} rows drawn as {@link #gaussian} draws them, followed by their negations, the
     * values of {@code concat(z, -z)} written once (negation is exact, and commutes with rounding to nearest).
     *
     * @param n     rows drawn
     * @param d     columns
     * @param rng   the generator
     * @param dtype the data type
     * @return {@code [2n, d]}: rows {@code n + i} are the negations of rows {@code i}
     */
    public static INDArray antitheticGaussian(int n, int d, RandomGenerator rng, DataType dtype) {
        if (dtype == DataType.FLOAT) {
            int half = Math.multiplyExact(n, d);
            float[] f = new float[Math.multiplyExact(2, half)];
            for (int i = 0; i < half; i++) {
                float v = (float) rng.nextGaussian();
                f[i] = v;
                f[half + i] = -v;
            }
            return HostArrays.floats(f, 2L * n, d);
        }
        INDArray z = gaussian(n, d, rng, dtype); // other types (gradient checks): the definition itself
        return Nd4j.concat(0, z, z.neg());
    }
}

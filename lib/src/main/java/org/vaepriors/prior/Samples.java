package org.vaepriors.prior;

import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sampling helpers shared by the priors, driven by a caller's seeded generator. */
public final class Samples {
    private Samples() {
    }

    /**
     * Draws from an equal-weight mixture of diagonal Gaussians: a component uniformly at random for each
     * sample, then z = m_k + exp(logVar_k / 2) * eps.
     *
     * @param means   {@code [K, D]}
     * @param logVars {@code [K, D]}
     * @param n       samples
     * @param rng     the generator
     * @return {@code [n, D]}
     */
    public static INDArray mixture(INDArray means, INDArray logVars, int n, RandomGenerator rng) {
        int k = (int) means.size(0);
        int d = (int) means.size(1);
        double[][] m = means.toDoubleMatrix();
        double[][] lv = logVars.toDoubleMatrix();
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(k);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = m[c][j] + Math.exp(lv[c][j] / 2) * rng.nextGaussian();
            }
        }
        return Nd4j.create(out, new long[]{n, d}, DataType.DOUBLE).castTo(means.dataType());
    }
}

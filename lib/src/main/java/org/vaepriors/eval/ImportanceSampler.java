package org.vaepriors.eval;

import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.ImageSet;
import org.vaepriors.nn.HostArrays;

/**
 * The importance-weighted estimate of the marginal log-likelihood (Burda et al., 2016):
 * <pre>
 * log p(x) ~ log (1/S) sum_s w_s,   w_s = p(x, z_s) / q(z_s|x),   z_s ~ q(z|x)
 * </pre>
 * a lower bound in expectation that rises with S (at S = 1 it is the ELBO estimator) and tends to
 * log p(x). Each example is repeated in chunks of rows, so memory stays bounded for any S; the
 * log-sum-exp is accumulated in double precision.
 */
public final class ImportanceSampler {
    private final int samples;
    private final int rowsPerPass;

    /**
     * @param samples     S, importance samples per example (>= 1); the papers use 5000 (LARS: 1000)
     * @param rowsPerPass rows per forward pass (memory; no effect on the estimate)
     */
    public ImportanceSampler(int samples, int rowsPerPass) {
        if (samples < 1) {
            throw new IllegalArgumentException("importance samples must be >= 1, got " + samples);
        }
        if (rowsPerPass < 1) {
            throw new IllegalArgumentException("rowsPerPass must be >= 1, got " + rowsPerPass);
        }
        this.samples = samples;
        this.rowsPerPass = rowsPerPass;
    }

    /** @return S */
    public int samples() {
        return samples;
    }

    /**
     * @param model the model
     * @param x     one example, {@code [P]}
     * @param rng   the generator
     * @return the estimate of log p(x)
     */
    public double logLikelihood(LogWeights model, float[] x, RandomGenerator rng) {
        int p = x.length;
        int perPass = Math.max(1, Math.min(samples, rowsPerPass));
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0; // sum of exp(w - max)
        for (int done = 0; done < samples; done += perPass) {
            int b = Math.min(perPass, samples - done);
            float[] rep = new float[b * p];
            for (int i = 0; i < b; i++) {
                System.arraycopy(x, 0, rep, i * p, p);
            }
            INDArray batch = HostArrays.floats(rep, b, p);
            double[] weights = model.logWeights(batch, rng);
            batch.close(); // its native memory now, not when a garbage collection finds it
            for (double w : weights) {
                if (w > max) {
                    sum = sum * Math.exp(max - w) + 1;
                    max = w;
                } else {
                    sum += Math.exp(w - max);
                }
            }
        }
        return max + Math.log(sum) - Math.log(samples);
    }

    /**
     * @param model the model
     * @param data  binarised examples
     * @param rng   the generator
     * @return log p(x) per example
     */
    public double[] logLikelihoods(LogWeights model, ImageSet data, RandomGenerator rng) {
        Objects.requireNonNull(model, "model");
        double[] out = new double[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = logLikelihood(model, data.image(i), rng);
        }
        return out;
    }
}

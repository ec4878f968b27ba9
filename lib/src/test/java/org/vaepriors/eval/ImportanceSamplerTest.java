package org.vaepriors.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.testing.Tiny;
import org.vaepriors.vampprior.VampPrior;

/**
 * The importance-weighted estimator on a linear-Gaussian model whose marginal likelihood is known exactly:
 * p(z) = N(0, 1), p(x|z) = N(w z + b, s^2 I), so p(x) = N(b, w w^T + s^2 I); q(z|x) = N(a.x + c, t^2),
 * deliberately not the true posterior.
 */
class ImportanceSamplerTest {
    static final double[] W = {1.5, -0.5};
    static final double[] B = {0.2, -0.1};
    static final double S2 = 0.3;

    /** The exact log N(x; b, w w^T + s^2 I) for 2-D x. */
    static double exactLogPx(double[] x) {
        double a = W[0] * W[0] + S2;
        double bb = W[0] * W[1];
        double d = W[1] * W[1] + S2;
        double det = a * d - bb * bb;
        double u = x[0] - B[0];
        double v = x[1] - B[1];
        double quad = (d * u * u - 2 * bb * u * v + a * v * v) / det;
        return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quad;
    }

    /** log p(x, z) - log q(z|x) for a posterior N(qMean(x), qVar), one z per row. */
    static LogWeights linearGaussian(double qScale, double qVar) {
        return (x, rng) -> {
            double[][] rows = x.toDoubleMatrix();
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double[] r = rows[i];
                double m = qScale * (W[0] * (r[0] - B[0]) + W[1] * (r[1] - B[1]));
                double z = m + Math.sqrt(qVar) * rng.nextGaussian();
                double lpz = -0.5 * (Math.log(2 * Math.PI) + z * z);
                double lpx = 0;
                for (int j = 0; j < 2; j++) {
                    double e = r[j] - (W[j] * z + B[j]);
                    lpx += -0.5 * (Math.log(2 * Math.PI * S2) + e * e / S2);
                }
                double lq = -0.5 * (Math.log(2 * Math.PI * qVar) + (z - m) * (z - m) / qVar);
                out[i] = lpx + lpz - lq;
            }
            return out;
        };
    }

    /** The exact posterior of the linear-Gaussian model: precision 1 + |w|^2 / s^2. */
    static final double POST_VAR = 1 / (1 + (W[0] * W[0] + W[1] * W[1]) / S2);

    static float[] point() {
        return new float[]{1.1f, -0.4f};
    }

    @Test
    void withTheTruePosteriorEveryWeightIsExactlyTheMarginal() {
        LogWeights exact = linearGaussian(POST_VAR / S2, POST_VAR);
        double est = new ImportanceSampler(1, 10).logLikelihood(exact, point(), new SplittableRandom(1));
        assertEquals(exactLogPx(new double[]{1.1f, -0.4f}), est, 1e-9);
    }

    @Test
    void convergesToTheExactMarginalAsSamplesGrow() {
        LogWeights rough = linearGaussian(0.5 * POST_VAR / S2, 3 * POST_VAR);
        double exact = exactLogPx(new double[]{1.1f, -0.4f});
        double[] gaps = new double[3];
        int[] sizes = {1, 30, 3000};
        RandomGenerator rng = new SplittableRandom(7);
        for (int k = 0; k < sizes.length; k++) {
            ImportanceSampler is = new ImportanceSampler(sizes[k], 512);
            double mean = 0;
            int reps = 200;
            for (int r = 0; r < reps; r++) {
                mean += is.logLikelihood(rough, point(), rng) / reps;
            }
            gaps[k] = exact - mean;
        }
        assertTrue(gaps[0] > gaps[1] && gaps[1] > gaps[2], "the bound tightens with S: " + java.util.Arrays.toString(gaps));
        assertTrue(gaps[0] > 0.05, "at S = 1 the ELBO is visibly below log p(x): " + gaps[0]);
        assertTrue(Math.abs(gaps[2]) < 0.01, "at S = 3000 the estimate is within 0.01 nats: " + gaps[2]);
    }

    @Test
    void atOneSampleItEqualsTheModelsElboEstimator() {
        ImageSet data = Tiny.images(5, 3, 2).binarized(1L);
        VaeModel<?> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.HVAE, 3, 2, 4), VampPrior.Spec.of(3), data,
                DataType.DOUBLE, 3);
        LogWeights lw = Evaluator.logWeights(m);
        double[] elbo = m.elbo(data, new SplittableRandom(9), 100).logPx();
        double[] kl = m.elbo(data, new SplittableRandom(9), 100).klPerExample();
        INDArray x = Nd4j.create(data.pixels(), new long[]{5, 9}, 'c').castTo(DataType.DOUBLE);
        double[] w = lw.logWeights(x, new SplittableRandom(9));
        for (int i = 0; i < 5; i++) {
            assertEquals(elbo[i] - kl[i], w[i], 1e-10);
        }
    }
}

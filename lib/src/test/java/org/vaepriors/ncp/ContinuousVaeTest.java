package org.vaepriors.ncp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.GradCheck;
import org.vaepriors.vampprior.VampPrior;

/** The toy VAE's and the NCP classifier's graphs against finite differences and closed forms. */
class ContinuousVaeTest {
    static final ContinuousVae.Spec TINY = new ContinuousVae.Spec(2, 3, 5, 2);

    static INDArray points(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * rng.nextGaussian();
        }
        return Nd4j.create(v, new long[]{n, 2}, DataType.DOUBLE);
    }

    @Test
    void vaeGradientsMatchFiniteDifferences() {
        ContinuousVae vae = ContinuousVae.build(TINY, new StandardGaussianPrior.Spec(), DataType.DOUBLE, 3);
        GradCheck.check(vae.graph(), vae.feed(points(6, 1), new SplittableRandom(2), 0.7), ContinuousVae.LOSS,
                vae.parameterNames(), 4, 5);
    }

    @Test
    void classifierGradientsMatchFiniteDifferences() {
        LatentClassifier d = new LatentClassifier(3, 5, 2, DataType.DOUBLE, 4);
        SplittableRandom rng = new SplittableRandom(6);
        INDArray pos = org.vaepriors.nn.Noise.gaussian(7, 3, rng, DataType.DOUBLE).addi(1.5);
        INDArray neg = org.vaepriors.nn.Noise.gaussian(7, 3, rng, DataType.DOUBLE);
        GradCheck.check(d.graph(), d.feed(pos, neg), LatentClassifier.LOSS, d.parameterNames(), 4, 7);
    }

    @Test
    void classifierLossIsTheBinaryCrossEntropyOfItsLogits() {
        LatentClassifier d = new LatentClassifier(3, 5, 2, DataType.DOUBLE, 4);
        SplittableRandom rng = new SplittableRandom(8);
        INDArray pos = org.vaepriors.nn.Noise.gaussian(5, 3, rng, DataType.DOUBLE);
        INDArray neg = org.vaepriors.nn.Noise.gaussian(5, 3, rng, DataType.DOUBLE);
        double[] lp = d.logRatio(pos);
        double[] ln = d.logRatio(neg);
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            double sp = 1 / (1 + Math.exp(-lp[i]));
            double sn = 1 / (1 + Math.exp(-ln[i]));
            expected -= (Math.log(sp) + Math.log(1 - sn)) / 5;
        }
        double loss = d.graph().output(d.feed(pos, neg), LatentClassifier.LOSS).get(LatentClassifier.LOSS).getDouble(0);
        assertEquals(expected, loss, 1e-10);
    }

    /** The log weight against the closed forms of its three Gaussian terms, at the z the graph sampled. */
    @Test
    void logWeightsAreLikelihoodPlusPriorMinusPosterior() {
        ContinuousVae vae = ContinuousVae.build(TINY, new StandardGaussianPrior.Spec(), DataType.DOUBLE, 3);
        INDArray x = points(4, 9);
        Map<String, INDArray> feed = vae.feed(x, new SplittableRandom(10), 1.0);
        Map<String, INDArray> out = vae.graph().output(feed, ContinuousVae.ELBO, ContinuousVae.MU, ContinuousVae.LOG_VAR);
        double[][] mu = out.get(ContinuousVae.MU).toDoubleMatrix();
        double[][] lv = out.get(ContinuousVae.LOG_VAR).toDoubleMatrix();
        double[][] eps = feed.get(ContinuousVae.EPS).toDoubleMatrix();
        double[][] zs = new double[4][3];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                zs[i][j] = mu[i][j] + Math.exp(lv[i][j] / 2) * eps[i][j];
            }
        }
        double[][] m = vae.decode(Nd4j.create(zs)).toDoubleMatrix();
        double[] s = vae.observationStd();
        double[][] xs = x.toDoubleMatrix();
        double[] elbo = out.get(ContinuousVae.ELBO).toDoubleVector();
        for (int i = 0; i < 4; i++) {
            double lpx = 0;
            double lpz = 0;
            double lq = 0;
            for (int k = 0; k < 2; k++) {
                lpx += -0.5 * Math.log(2 * Math.PI * s[k] * s[k]) - Math.pow(xs[i][k] - m[i][k], 2) / (2 * s[k] * s[k]);
            }
            for (int j = 0; j < 3; j++) {
                lpz += -0.5 * Math.log(2 * Math.PI) - zs[i][j] * zs[i][j] / 2;
                lq += -0.5 * (Math.log(2 * Math.PI) + lv[i][j]) - eps[i][j] * eps[i][j] / 2;
            }
            assertEquals(lpx + lpz - lq, elbo[i], 1e-9);
        }
    }

    @Test
    void importanceSamplingWithTheOwnPriorReproducesTheElboAtOneSample() {
        ContinuousVae vae = ContinuousVae.build(TINY, new StandardGaussianPrior.Spec(), DataType.DOUBLE, 3);
        double[][] x = points(5, 11).toDoubleMatrix();
        double[][] a = vae.logLikelihoods(x, List.<Prior>of(vae.prior()), 1, new SplittableRandom(12));
        Map<String, INDArray> feed = vae.feed(Nd4j.create(x), new SplittableRandom(12), 1.0);
        double[] elbo = vae.graph().output(feed, ContinuousVae.ELBO).get(ContinuousVae.ELBO).toDoubleVector();
        for (int i = 0; i < 5; i++) {
            assertEquals(elbo[i], a[0][i], 1e-9);
        }
    }

    @Test
    void badInputFailsWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> new ContinuousVae.Spec(2, 0, 5, 2));
        assertThrows(IllegalArgumentException.class,
                () -> ContinuousVae.build(TINY, new VampPrior.Spec(3, VampPrior.PseudoInputs.DATA, 1.0), DataType.DOUBLE, 1));
        ContinuousVae vae = ContinuousVae.build(TINY, new StandardGaussianPrior.Spec(), DataType.DOUBLE, 3);
        assertThrows(IllegalArgumentException.class,
                () -> vae.logLikelihoods(new double[][]{{1, 2, 3}}, List.of(vae.prior()), 2, new SplittableRandom(1)));
    }
}

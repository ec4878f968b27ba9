package org.vaepriors.ncp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.nn.Noise;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.Listener;

/**
 * Stage 2 end to end on a case with a known answer: "posterior" samples from N(m, I) against a N(0, I)
 * base. The optimal logit is log N(z; m, I) / N(z; 0, I) = m.z - |m|^2 / 2, so Z = 1 (log Z = 0) and the
 * NCP prior is N(m, I). Tolerances (fixed seed, 3,000 steps of a 2 x 32 classifier): logits within 0.3
 * of the optimum at three points near the mass, log Z within 0.1 of 0, the SIR sample mean within 0.1 of m.
 */
class NoiseContrastiveTrainerTest {
    @Test
    void theClassifierLearnsTheLogDensityRatio() {
        double[] m = {1.0, -0.5};
        ContinuousVae vae = ContinuousVae.build(new ContinuousVae.Spec(2, 2, 4, 1), new StandardGaussianPrior.Spec(),
                DataType.FLOAT, 1);
        NoiseContrastivePrior.Spec spec = new NoiseContrastivePrior.Spec(new StandardGaussianPrior.Spec(), 32, 2, 3000, 256,
                3e-3, 20_000, 50);
        NoiseContrastiveTrainer.Fit fit = NoiseContrastiveTrainer.fit(spec, vae.prior(),
                (n, rng) -> Noise.gaussian(n, 2, rng, DataType.FLOAT).addi(Nd4j.create(new float[][]{{1.0f, -0.5f}})), 7,
                Listener.NONE);
        double[][] z = {{0, 0}, {1, -0.5}, {0.5, 0.5}};
        double[] logit = fit.prior().ratio().logRatio(Nd4j.create(z).castTo(DataType.FLOAT));
        for (int i = 0; i < z.length; i++) {
            double optimum = m[0] * z[i][0] + m[1] * z[i][1] - (m[0] * m[0] + m[1] * m[1]) / 2;
            assertEquals(optimum, logit[i], 0.3, "logit at (" + z[i][0] + ", " + z[i][1] + ")");
        }
        assertEquals(0.0, fit.prior().logZ().mean(), 0.1, fit.prior().logZ().toString());
        INDArray s = fit.prior().sample(4000, new SplittableRandom(8));
        double[] mean = s.mean(0).castTo(DataType.DOUBLE).toDoubleVector();
        assertEquals(m[0], mean[0], 0.1);
        assertEquals(m[1], mean[1], 0.1);
        double early = fit.losses()[0];
        double late = fit.losses()[fit.losses().length - 1];
        assertTrue(late < early, "the loss fell from " + early + " to " + late);
    }
}

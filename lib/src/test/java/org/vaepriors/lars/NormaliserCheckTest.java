package org.vaepriors.lars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.data.ImageSet;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.eval.ImportanceSampler;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.testing.Tiny;

/** The normaliser check against the mathematics of the resampled density and the evaluator it re-does. */
class NormaliserCheckTest {
    static final ImageSet DATA = Tiny.images(4, 3, 1).binarized(2L);

    static VaeModel<ResampledPrior> model(int t) {
        return VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 5), ResampledPrior.Spec.paperDefaults().withHidden(4)
                .withTruncation(t).withTrainingSamples(8).withEvaluationSamples(1 << 12), Tiny.images(4, 3, 1), DataType.DOUBLE, 7);
    }

    @Test
    void theDensityAtAnyZIsTheClosedForm() {
        double logPi = -2.3;
        double logA = Math.log(0.3);
        double z = 0.05;
        assertEquals(logPi + logA - Math.log(z), ResampledPrior.logDensity(logPi, logA, z, ResampledPrior.UNTRUNCATED), 1e-12);
        assertEquals(logPi, ResampledPrior.logDensity(logPi, logA, z, 1), 1e-12);
        double alpha = Math.pow(1 - z, 9);
        assertEquals(logPi + Math.log(0.3 * (1 - alpha) / z + alpha), ResampledPrior.logDensity(logPi, logA, z, 10), 1e-12);
    }

    /** At Z itself the recomputed weights are the evaluator's; at T = infinity another Z shifts every log p(x) by log Z - log Z'. */
    @Test
    void reweightingRecoversTheEvaluatorAndShiftsByLogZAtTInfinity() {
        VaeModel<ResampledPrior> m = model(ResampledPrior.UNTRUNCATED);
        double z = m.prior().normalizer().mean();
        double[][] ll = NormaliserCheckRun.logLikelihoods(m, DATA, 6, new double[]{z, 2 * z}, new SplittableRandom(3));
        double[] reference = new ImportanceSampler(6, m.evaluationRows(500)).logLikelihoods(Evaluator.logWeights(m), DATA,
                new SplittableRandom(3));
        for (int i = 0; i < DATA.size(); i++) {
            assertEquals(reference[i], ll[0][i], 1e-9, "image " + i);
            assertEquals(-Math.log(2), ll[1][i] - ll[0][i], 1e-9, "image " + i);
        }
    }

    /** The NLL's error and bias from Z, from a made-up f(Z) = log Z (T = infinity): -se / Z' and -se^2 / (2 Z^2) to second order. */
    @Test
    void errorAndBiasComeFromTheFiniteDifferences() {
        double z = 0.02;
        double se = 0.001;
        double h = se;
        NormaliserCheckRun.Result r = new NormaliserCheckRun.Result(null, new Estimate(z, se, 1000), new Estimate(z, se / 3, 10_000),
                new Estimate(0, 0, 10), 4, 100, Math.log(z + h) - Math.log(z), Math.log(z - h) - Math.log(z), 0, h, null, null);
        assertEquals(se / z, r.nllError(), 1e-3 * se / z);
        assertEquals(-se * se / (2 * z * z), r.nllBias(), 0.01 * se * se / (2 * z * z));
        assertTrue(r.nllBias() < 0, "the log of a Monte Carlo mean is biased low: it flatters the NLL");
    }
}

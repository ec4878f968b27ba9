package org.vaepriors.exemplar;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.DatasetSpec;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.TrainSpec;

/** Results made up for tests of the tables and claims: known per-image numbers, no training. */
final class Synthetic {
    static final int IMAGES = 400;

    private Synthetic() {
    }

    /**
     * @param prior  the prior
     * @param seed   the seed
     * @param kl     per-image KL
     * @param re     per-image -log p(x|z)
     * @param ll     per-image log p(x)
     * @param active active units
     * @return a result with those numbers
     */
    static VaeResult result(PriorSpec<?> prior, long seed, double[] kl, double[] re, double[] ll, int active) {
        VaeRun<?> cfg = VaeRun.builder().profile(Profile.SMOKE).dataset(new DatasetSpec(DatasetId.FASHION_MNIST, 100, 100))
                .architecture(ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE)).prior(prior)
                .train(TrainSpec.paper().withMaxEpochs(1)).eval(new EvalSpec(2, IMAGES)).seed(seed).build();
        double meanLl = java.util.Arrays.stream(ll).average().orElse(0);
        double[] variances = new double[40];
        for (int u = 0; u < 40; u++) {
            variances[u] = u < active ? 1 : 1e-4;
        }
        EvalResult m = new EvalResult(IMAGES, mean(re), mean(kl), mean(re) + mean(kl), -meanLl, 0.1, 2, active, variances,
                ll, Map.of(), kl, re);
        Provenance p = new Provenance("test", "none", false, "none", null, "17", "test", cfg.id(), null, "smoke", true,
                "2026-01-01T00:00:00Z", 0, 0);
        return new VaeResult(cfg, m, List.of(), new Outcome.Completed(1, 1), p);
    }

    /** @return n values base + shift + N(0, noise^2), the base drawn from N(center, 9) with the given seed */
    static double[] values(long baseSeed, double center, double shift, double noise, long noiseSeed) {
        SplittableRandom base = new SplittableRandom(baseSeed);
        SplittableRandom eps = new SplittableRandom(noiseSeed);
        double[] v = new double[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            v[i] = center + 3 * gaussian(base) + shift + noise * gaussian(eps);
        }
        return v;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(0);
    }
}

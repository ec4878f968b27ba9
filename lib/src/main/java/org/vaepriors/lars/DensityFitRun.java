package org.vaepriors.lars;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunContext;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.math.Estimate;
import org.vaepriors.train.Checkpoint;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.TrainingLoop;

/**
 * LARS's 2-D illustration (Fig. 2) as a run: a resampled density fitted to a target mixture, then the
 * numbers the figure's table shows: KL(target || proposal), KL(target || fit) and Z, each a Monte Carlo
 * estimate with its standard error.
 *
 * @param profile      the profile
 * @param target       the target mixture q
 * @param density      the resampled density (a standard Gaussian proposal)
 * @param steps        Adam steps
 * @param batchSize    target samples per step
 * @param learningRate Adam's step size
 * @param klSamples    target samples for each KL estimate
 * @param seed         parameters, training samples and KL samples derive from it
 */
public record DensityFitRun(Profile profile, GaussianMixture2D target, ResampledPrior.Spec density, int steps,
                            int batchSize, double learningRate, int klSamples, long seed)
        implements RunConfig<DensityFitRun.Result, DensityFit> {

    /** Validates the fields. */
    public DensityFitRun {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(density, "density");
        if (steps < 1 || batchSize < 1 || klSamples < 2) {
            throw new IllegalArgumentException("steps and batchSize must be >= 1 and klSamples >= 2, got " + steps + ", "
                    + batchSize + ", " + klSamples);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
    }

    /**
     * The fitted density's numbers.
     *
     * @param config       the config
     * @param klProposal   KL(target || N(0, I)), nats
     * @param klFit        KL(target || fitted density), nats
     * @param z            the fitted density's Z
     * @param outcome      how the fit ended
     * @param provenance   where it came from
     */
    public record Result(DensityFitRun config, Estimate klProposal, Estimate klFit, Estimate z, Outcome outcome,
                         Provenance provenance) implements RunResult {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%s; KL(target || proposal) %s, KL(target || fit) %s, Z %s", outcome,
                    klProposal, klFit, z);
        }
    }

    @Override
    public String label() {
        return (profile + "-lars-2d-fit-mlp-" + density.network()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    /** Samples and steps are the experiment's design, not a training budget the knobs scale: unchanged. */
    @Override
    public DensityFitRun scaled(Knobs knobs) {
        return this;
    }

    @Override
    public Result execute(RunContext ctx) {
        long t0 = System.nanoTime();
        DensityFit fit = new DensityFit(target, density, batchSize, seed);
        TrainingLoop.Result r = fit.train(steps, learningRate, seed);
        Checkpoint.saveParameters(ctx.dir().resolve("density.ckpt"), fit.graph(), fit.parameters(), fit.prior());
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        Outcome outcome = r.diverged()
                ? new Outcome.Diverged(1, r.divergence().step(), r.divergence().diagnosis(), 0)
                : new Outcome.Completed(1, 1);
        Estimate klProposal = DensityFit.klFromTargetToProposal(target, klSamples, Seeds.stream(seed, "kl", 0));
        Estimate klFit = fit.klFromTarget(klSamples, Seeds.stream(seed, "kl", 0));
        return new Result(this, klProposal, klFit, fit.prior().normalizer(), outcome,
                ctx.provenance(this, null, trainSeconds, (System.nanoTime() - t0) / 1e9));
    }

    @Override
    public DensityFit load(Path dir, Result result) {
        DensityFit fit = new DensityFit(target, density, batchSize, seed);
        Checkpoint.loadParameters(dir.resolve("density.ckpt"), fit.graph(), fit.parameters(), fit.prior());
        return fit;
    }
}

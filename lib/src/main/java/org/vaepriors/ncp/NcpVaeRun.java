package org.vaepriors.ncp;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunContext;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.Checkpoint;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.TrainingLoop;

/**
 * Stage 1 of the NCP-VAE supplement's synthetic experiment (section J) as a run: a VAE with a standard
 * Gaussian prior trained on points drawn from the 25-Gaussians. Its parameters are saved in the run folder;
 * stage 2 ({@link NcpRun}) freezes them.
 *
 * @param profile     the profile
 * @param data        the true mixture
 * @param vae         the VAE's architecture
 * @param schedule    the VAE's training (steps, not epochs)
 * @param trainPoints training points drawn from the mixture once
 * @param seed        every random stream derives from it (the points, the weights, the minibatches)
 */
public record NcpVaeRun(Profile profile, GaussianMixture2D data, ContinuousVae.Spec vae,
                        ContinuousVaeTrainer.Schedule schedule, int trainPoints, long seed)
        implements RunConfig<NcpVaeRun.Result, ContinuousVae> {

    /** Validates the fields. */
    public NcpVaeRun {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(schedule, "schedule");
        if (vae.dataDim() != 2) {
            throw new IllegalArgumentException("the 25-Gaussians are 2-D; the VAE expects " + vae.dataDim() + "-D data");
        }
        if (trainPoints < 2) {
            throw new IllegalArgumentException("trainPoints must be >= 2, got " + trainPoints);
        }
    }

    /**
     * The trained VAE's numbers.
     *
     * @param config         the config
     * @param losses         -ELBO at every step (at the step's beta)
     * @param observationStd the likelihood's standard deviation per dimension
     * @param outcome        how training ended
     * @param provenance     where it came from
     */
    public record Result(NcpVaeRun config, double[] losses, double[] observationStd, Outcome outcome,
                         Provenance provenance) implements RunResult {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%s; final -ELBO %.3f, likelihood std %.3f, %.3f", outcome,
                    losses[losses.length - 1], observationStd[0], observationStd[1]);
        }
    }

    /** @return the training points, drawn from the seed's stream */
    public double[][] trainingPoints() {
        return data.sample(trainPoints, Seeds.stream(seed, "train-points", 0));
    }

    /** @return the untrained VAE, its weights from the seed */
    ContinuousVae build() {
        return ContinuousVae.build(vae, new StandardGaussianPrior.Spec(), DataType.FLOAT, Seeds.derive(seed, "vae-weights", 0));
    }

    @Override
    public String label() {
        return (profile + "-ncp-stage1-vae").toLowerCase(Locale.ROOT);
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    @Override
    public int epochs() {
        return 1;
    }

    /** The overrides cap the training points ({@code VAEPRIORS_DATA_LIMIT}); the steps are not epochs. */
    @Override
    public NcpVaeRun scaled(Knobs knobs) {
        int n = knobs.dataLimit().isPresent() ? Math.min(trainPoints, knobs.dataLimit().getAsInt()) : trainPoints;
        return new NcpVaeRun(profile, data, vae, schedule, n, seed);
    }

    @Override
    public Result execute(RunContext ctx) {
        long t0 = System.nanoTime();
        ContinuousVae model = build();
        TrainingLoop.Result r = ContinuousVaeTrainer.train(model, trainingPoints(), schedule, Seeds.derive(seed, "vae", 0),
                ctx.listener());
        Checkpoint.saveParameters(ctx.dir().resolve("vae.ckpt"), model.graph(), model.parameterNames(), null);
        Outcome outcome = r.diverged()
                ? new Outcome.Diverged(1, r.divergence().step(), r.divergence().diagnosis(), 0)
                : new Outcome.Completed(1, 1);
        return new Result(this, r.stepLosses(), model.observationStd(), outcome,
                ctx.provenance(this, null, (System.nanoTime() - t0) / 1e9, 0));
    }

    @Override
    public ContinuousVae load(Path dir, Result result) {
        ContinuousVae model = build();
        Checkpoint.loadParameters(dir.resolve("vae.ckpt"), model.graph(), model.parameterNames(), null);
        return model;
    }
}

package org.vaepriors.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.LabPaths;
import org.vaepriors.data.Checksums;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.data.ImageSet;
import org.vaepriors.io.Json;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.train.Trainer;

/**
 * Post-hoc priors (LARS section D.2): a VAE trained with one prior (the base run) is frozen, a new prior
 * is put on its latent, and only the prior's parameters are trained on the ELBO. The encoder and decoder
 * are the base run's, so the reconstruction term cannot change: any gain is in the KL.
 *
 * <p>The run folder is {@code results/<label>-posthoc-<id>/}, its id hashing the post-hoc config together
 * with the base run's id; it holds the same files as an {@link ExperimentRunner} run plus
 * {@code base-config.json}, and is cached and resumed the same way.
 */
public final class PostHocRunner {
    /** Every prior names its graph parameters under this prefix: the parameters post-hoc training changes. */
    public static final String PRIOR_PREFIX = "prior/";

    private PostHocRunner() {
    }

    /**
     * @param base  the base run's config (trained first if needed)
     * @param prior the prior to fit post hoc
     * @param train how to train it (a warm-up makes no sense here: the KL weight should be 1)
     * @return the config recorded with the post-hoc result: the base's with the new prior and training
     */
    public static RunConfig config(RunConfig base, PriorSpec prior, TrainSpec train) {
        return base.toBuilder().prior(prior).train(train).build();
    }

    /**
     * @param base the base run's config
     * @param cfg  the post-hoc config ({@link #config})
     * @return its run folder
     */
    public static Path runDir(RunConfig base, RunConfig cfg) {
        String id = Checksums.sha256((Json.write(cfg) + "\nposthoc-on " + base.id()).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        return LabPaths.results().resolve(cfg.label() + "-posthoc-" + id);
    }

    /**
     * Returns the finished post-hoc run, training the base run and then the prior first if needed. The
     * knobs' overrides apply to both ({@link Knobs#apply}), as they do to every notebook run.
     *
     * @param config   the base run's config
     * @param prior    the prior to fit on the frozen VAE
     * @param train    its training settings
     * @param knobs    the knobs in force
     * @param listener training progress (base run and post-hoc run)
     * @return the post-hoc run; its {@link ExperimentRunner.Run#model()} has the base VAE and the fitted prior
     * @throws IllegalArgumentException if the base config already has {@code prior} (nothing to fit)
     */
    public static ExperimentRunner.Run run(RunConfig config, PriorSpec prior, TrainSpec train, Knobs knobs,
                                           Trainer.Listener listener) {
        RunConfig base = knobs.apply(Objects.requireNonNull(config, "config"));
        if (base.prior().equals(prior)) {
            throw new IllegalArgumentException("the base run already has the prior " + prior.label()
                    + ": post-hoc fitting needs another prior than the base's");
        }
        RunConfig cfg = knobs.apply(config(base, prior, train));
        Path dir = runDir(base, cfg);
        Path resultFile = dir.resolve("result.json");
        if (Files.isRegularFile(resultFile)) {
            return new ExperimentRunner.Run(Json.read(resultFile, RunResult.class), dir);
        }
        ExperimentRunner.Run baseRun = ExperimentRunner.run(base, knobs, listener);
        Instant start = Instant.now();
        Json.write(dir.resolve("config.json"), cfg);
        Json.write(dir.resolve("base-config.json"), base);
        ImageDataset data = Datasets.load(cfg.dataset().id());
        ImageSet trainImages = ExperimentRunner.trainingImages(data, cfg);
        VaeModel model = VaeModel.build(cfg.architecture(), prior, trainImages, DataType.FLOAT,
                ExperimentRunner.initSeed(cfg));
        copyVae(baseRun.model(), model);
        return ExperimentRunner.trainAndEvaluate(cfg, data, trainImages, model, dir, knobs, start, listener,
                name -> name.startsWith(PRIOR_PREFIX));
    }

    /** Copies every encoder and decoder parameter of the base model (all but the prior's) by name. */
    private static void copyVae(VaeModel from, VaeModel to) {
        for (String name : to.parameterNames()) {
            if (name.startsWith(PRIOR_PREFIX)) {
                continue;
            }
            if (!from.parameterNames().contains(name)) {
                throw new IllegalStateException("the base model has no parameter '" + name + "': not the same architecture");
            }
            to.graph().getArrForVarName(name).assign(from.graph().getArrForVarName(name));
        }
        to.prior().parametersChanged();
    }
}

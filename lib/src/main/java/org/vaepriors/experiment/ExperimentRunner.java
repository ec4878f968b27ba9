package org.vaepriors.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.LabPaths;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.data.ImageSet;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.io.Json;
import org.vaepriors.model.VaeModel;
import org.vaepriors.train.Checkpoint;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.Trainer;

/**
 * Runs an experiment: a {@link RunConfig} becomes a run folder {@code results/<label>-<id>/} holding
 * {@code config.json}, {@code log.csv}, the checkpoints and {@code result.json}. A config that has a
 * result already is not run again (notebooks share trained models); one that was interrupted resumes
 * from its last checkpoint.
 */
public final class ExperimentRunner {
    private ExperimentRunner() {
    }

    /**
     * A finished run and the way to its trained model.
     *
     * @param result the result
     * @param dir    the run folder
     */
    public record Run(RunResult result, Path dir) {
        /** @return the model with the run's best parameters, rebuilt from the checkpoint */
        public VaeModel model() {
            RunConfig cfg = result.config();
            ImageSet train = trainingImages(Datasets.load(cfg.dataset().id()), cfg);
            VaeModel m = VaeModel.build(cfg.architecture(), cfg.prior(), train, DataType.FLOAT, initSeed(cfg));
            Path best = dir.resolve("checkpoints/best.ckpt");
            if (Files.isRegularFile(best)) {
                Checkpoint.load(best, m, null);
            }
            return m;
        }
    }

    /**
     * @param cfg the config
     * @return its run folder under {@link LabPaths#results()}
     */
    public static Path runDir(RunConfig cfg) {
        return LabPaths.results().resolve(cfg.label() + "-" + cfg.id());
    }

    /**
     * @param cfg the config
     * @return true if the config has a finished result
     */
    public static boolean isDone(RunConfig cfg) {
        return Files.isRegularFile(runDir(cfg).resolve("result.json"));
    }

    /**
     * Returns the finished run for {@code cfg}, training and evaluating it first if needed.
     *
     * @param cfg      the config
     * @param knobs    the knobs in force (recorded in the provenance)
     * @param listener training progress
     * @return the run
     */
    public static Run run(RunConfig cfg, Knobs knobs, Trainer.Listener listener) {
        Objects.requireNonNull(cfg, "cfg");
        Path dir = runDir(cfg);
        Path resultFile = dir.resolve("result.json");
        if (Files.isRegularFile(resultFile)) {
            return new Run(Json.read(resultFile, RunResult.class), dir);
        }
        Instant start = Instant.now();
        Json.write(dir.resolve("config.json"), cfg);
        ImageDataset data = Datasets.load(cfg.dataset().id());
        ImageSet train = trainingImages(data, cfg);
        VaeModel model = VaeModel.build(cfg.architecture(), cfg.prior(), train, DataType.FLOAT, initSeed(cfg));
        long t0 = System.nanoTime();
        Trainer.Result tr = Trainer.train(model, train, data.validationBinary(), cfg.train(), cfg.seed(), dir, listener);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        EvalResult metrics = Evaluator.evaluate(model, data.testBinary(), cfg.eval(), Seeds.stream(cfg.seed(), "test", 0));
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        RunResult result = new RunResult(cfg, metrics, tr.history(), tr.outcome(),
                Provenance.capture(cfg, data.provenance(), knobs, start, trainSeconds, evalSeconds));
        Json.write(resultFile, result);
        return new Run(result, dir);
    }

    static ImageSet trainingImages(ImageDataset data, RunConfig cfg) {
        int limit = cfg.dataset().trainLimit();
        return limit > 0 ? data.train().limit(limit) : data.train();
    }

    static long initSeed(RunConfig cfg) {
        return Seeds.derive(cfg.seed(), "init", 0);
    }
}

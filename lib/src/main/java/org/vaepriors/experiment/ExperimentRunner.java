package org.vaepriors.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

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
import org.vaepriors.train.TrainingStatus;

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
        return trainAndEvaluate(cfg, data, train, model, dir, knobs, start, listener, name -> true);
    }

    /**
     * What every kind of run shares once its model is built: training (resumed from the run folder), the
     * test evaluation, and {@code result.json} with its provenance.
     *
     * @param cfg       the config
     * @param data      its data set
     * @param train     its training images
     * @param model     the built model
     * @param dir       the run folder
     * @param knobs     the knobs in force
     * @param start     when the run was asked for
     * @param listener  training progress
     * @param trainable the parameters the optimiser may change
     * @return the finished run
     */
    static Run trainAndEvaluate(RunConfig cfg, ImageDataset data, ImageSet train, VaeModel model, Path dir, Knobs knobs,
                                Instant start, Trainer.Listener listener, Predicate<String> trainable) {
        long t0 = System.nanoTime();
        Trainer.Result tr = Trainer.train(model, train, validationImages(data, cfg), cfg.train(), cfg.seed(), dir, listener,
                trainable);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        EvalResult metrics = Evaluator.evaluate(model, data.testBinary(), cfg.eval(), Seeds.stream(cfg.seed(), "test", 0));
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        RunResult result = new RunResult(cfg, metrics, tr.history(), tr.outcome(),
                Provenance.capture(cfg, data.provenance(), knobs, start, trainSeconds, evalSeconds));
        Json.write(dir.resolve("result.json"), result);
        return new Run(result, dir);
    }

    /**
     * Runs several configs, up to {@code parallel} at a time. On a CPU with one ND4J thread per run, small
     * models train faster side by side than one after another on all cores (their products are too small
     * to split well across threads).
     *
     * @param cfgs     the configs
     * @param knobs    the knobs in force
     * @param parallel runs at a time (>= 1)
     * @param progress receives (config, status) after every epoch of every run, from the runs' threads
     * @return the finished runs, in the order of {@code cfgs}
     * @throws IllegalStateException if a run failed (runs still going are interrupted; they resume from their
     *                               last checkpoint when asked again)
     */
    public static List<Run> runAll(List<RunConfig> cfgs, Knobs knobs, int parallel,
                                   BiConsumer<RunConfig, TrainingStatus> progress) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be >= 1, got " + parallel);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, cfgs.size())), r -> {
            Thread t = new Thread(r, "run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (RunConfig cfg : cfgs) {
                futures.add(pool.submit(() -> run(cfg, knobs, s -> progress.accept(cfg, s))));
            }
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    runs.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("run " + cfgs.get(i).label() + " failed: " + e.getCause().getMessage(),
                            e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + cfgs.get(i).label(), e);
                }
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return runs at a time on this machine: one per core on a CPU, capped at 4 (memory) */
    public static int defaultParallelism() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    static ImageSet trainingImages(ImageDataset data, RunConfig cfg) {
        int limit = cfg.dataset().trainLimit();
        return limit > 0 ? data.train().limit(limit) : data.train();
    }

    static ImageSet validationImages(ImageDataset data, RunConfig cfg) {
        int limit = cfg.dataset().validationLimit();
        return limit > 0 ? data.validationBinary().limit(limit) : data.validationBinary();
    }

    static long initSeed(RunConfig cfg) {
        return Seeds.derive(cfg.seed(), "init", 0);
    }
}

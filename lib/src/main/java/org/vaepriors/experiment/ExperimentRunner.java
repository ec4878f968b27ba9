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

import org.vaepriors.LabPaths;
import org.vaepriors.io.Json;
import org.vaepriors.runtime.Execution;
import org.vaepriors.train.Listener;
import org.vaepriors.train.TrainingStatus;

/**
 * Runs experiments: a {@link RunConfig} becomes a run folder {@code results/<label>-<id>/} holding
 * {@code config.json}, what its training writes (log, checkpoints) and {@code result.json}. A config that
 * has a result already is not run again (notebooks share trained models); one that was interrupted resumes
 * from its last checkpoint.
 */
public final class ExperimentRunner {
    private ExperimentRunner() {
    }

    /**
     * A finished run and the way to its trained model.
     *
     * @param config the config
     * @param result the result
     * @param dir    the run folder
     * @param <R>    the result's type
     * @param <M>    the model's type
     */
    public record Run<R extends RunResult, M>(RunConfig<R, ? extends M> config, R result, Path dir) {
        /** @return the trained model, rebuilt from the run folder */
        public M model() {
            return config.load(dir, result);
        }
    }

    /**
     * @param cfg the config
     * @return its run folder under {@link LabPaths#results()}
     */
    public static Path runDir(RunConfig<?, ?> cfg) {
        return LabPaths.results().resolve(cfg.label() + "-" + cfg.id());
    }

    /**
     * @param cfg the config
     * @return true if the config has a finished result
     */
    public static boolean isDone(RunConfig<?, ?> cfg) {
        return Files.isRegularFile(runDir(cfg).resolve("result.json"));
    }

    /**
     * Returns the finished run for {@code cfg}, training and evaluating it first if needed.
     *
     * @param cfg      the config
     * @param knobs    the knobs in force (recorded in the provenance)
     * @param listener training progress
     * @param <R>      the result's type
     * @param <M>      the model's type
     * @return the run
     */
    public static <R extends RunResult, M> Run<R, M> run(RunConfig<R, ? extends M> cfg, Knobs knobs, Listener listener) {
        Objects.requireNonNull(cfg, "cfg");
        Path dir = runDir(cfg);
        Path resultFile = dir.resolve("result.json");
        if (Files.isRegularFile(resultFile)) {
            R cached = Json.read(resultFile, cfg.resultType());
            if (cached.complete()) {
                return new Run<>(cfg, cached, dir);
            }
            // saved by an older library: evaluated again below; its finished training is loaded, not repeated
        }
        Instant start = Instant.now();
        for (RunConfig<?, ?> dependency : cfg.dependencies()) {
            run(dependency, knobs, listener); // before this run takes the execution settings
        }
        Json.write(dir.resolve("config.json"), cfg);
        Execution.configureProcess();
        R result = Execution.during(cfg.execution(), () -> cfg.execute(new RunContext(dir, knobs, listener, start)));
        Json.write(resultFile, result);
        return new Run<>(cfg, result, dir);
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
     * @param <R>      the results' type
     * @param <M>      the models' type
     * @return the finished runs, in the order of {@code cfgs}
     * @throws IllegalStateException if a run failed (runs still going are interrupted; they resume from their
     *                               last checkpoint when asked again)
     */
    public static <R extends RunResult, M> List<Run<R, M>> runAll(List<? extends RunConfig<R, ? extends M>> cfgs,
                                                                  Knobs knobs, int parallel,
                                                                  BiConsumer<RunConfig<R, ?>, TrainingStatus> progress) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be >= 1, got " + parallel);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, cfgs.size())), r -> {
            Thread t = new Thread(r, "run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Run<R, M>>> futures = new ArrayList<>();
            for (RunConfig<R, ? extends M> cfg : cfgs) {
                futures.add(pool.submit(() -> ExperimentRunner.<R, M>run(cfg, knobs, new Listener() {
                    @Override
                    public void epoch(TrainingStatus s) {
                        progress.accept(cfg, s);
                    }
                })));
            }
            List<Run<R, M>> runs = new ArrayList<>();
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
}

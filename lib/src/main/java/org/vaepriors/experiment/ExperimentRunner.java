package org.vaepriors.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
 * from its last checkpoint. While a run trains, its folder's {@link RunLock} is held: processes and threads
 * that ask for the same run (notebooks open side by side, array tasks of a cluster job) wait and load it, and
 * a run whose trainer was killed is taken over. A run that threw leaves {@code failure.json} for
 * {@link RunStatus}; asked for again, it is tried again.
 */
public final class ExperimentRunner {
    /** The file of a finished run. */
    public static final String RESULT = "result.json";

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
        /**
         * @return the trained model, rebuilt from the run folder
         * @throws RunDivergedException if the run diverged before it had a model worth keeping
         */
        public M model() {
            if (!result.hasMetrics() && result.divergence().isPresent()) {
                throw new RunDivergedException(dir.getFileName().toString(), result.divergence().get());
            }
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
     * @return true if the config has a finished result (a diverged run's included: it is not run again)
     */
    public static boolean isDone(RunConfig<?, ?> cfg) {
        return Files.isRegularFile(runDir(cfg).resolve(RESULT));
    }

    /**
     * Returns the finished run for {@code cfg}, training and evaluating it first if needed. While it trains,
     * its folder is locked ({@link RunLock}): another process or thread that asks for it waits as long as
     * {@code VAEPRIORS_WAIT} says (by default until it is done) and then loads its result; a run whose last
     * trainer was killed is taken over and resumes from its last checkpoint.
     *
     * <p>A run that diverged is a finished run too: asked for again, it comes back with its divergence, not
     * trained again (the same config diverges the same way), and its result has no test metrics when it
     * diverged before finishing an epoch ({@link RunResult#divergence()}).
     *
     * @param cfg      the config
     * @param knobs    the knobs in force (recorded in the provenance)
     * @param listener training progress
     * @param <R>      the result's type
     * @param <M>      the model's type
     * @return the run
     * @throws RunLock.HeldException if another process trains it and {@code VAEPRIORS_WAIT} ran out
     * @throws IllegalStateException if it has no result and {@code VAEPRIORS_RESULTS_ONLY} is set
     */
    public static <R extends RunResult, M> Run<R, M> run(RunConfig<R, ? extends M> cfg, Knobs knobs, Listener listener) {
        return run(cfg, knobs, listener, RunLock.Wait.fromEnv());
    }

    /**
     * As {@link #run(RunConfig, Knobs, Listener)}, with an explicit wait for a run another process trains.
     *
     * @param cfg      the config
     * @param knobs    the knobs in force
     * @param listener training progress
     * @param wait     how long to wait for another trainer of the same run (or of a dependency)
     * @param <R>      the result's type
     * @param <M>      the model's type
     * @return the run
     * @throws RunLock.HeldException if another process trains it and the wait ran out
     */
    public static <R extends RunResult, M> Run<R, M> run(RunConfig<R, ? extends M> cfg, Knobs knobs, Listener listener,
                                                         RunLock.Wait wait) {
        Objects.requireNonNull(cfg, "cfg");
        Path dir = runDir(cfg);
        Run<R, M> finished = finished(cfg, dir);
        if (finished != null) {
            return finished;
        }
        if (resultsOnly()) {
            throw new IllegalStateException("run " + dir.getFileName() + " has no result in " + dir.getParent()
                    + " and VAEPRIORS_RESULTS_ONLY is set, so it is not trained here. Train it first (the 'plan' and 'run'"
                    + " commands, README: Running a study on a cluster), or unset VAEPRIORS_RESULTS_ONLY.");
        }
        Instant start = Instant.now();
        for (RunConfig<?, ?> dependency : cfg.dependencies()) {
            run(dependency, knobs, listener, wait); // before this run takes the execution settings
        }
        try (RunLock lock = RunLock.acquire(dir, wait, holder -> System.out.println("run " + dir.getFileName()
                + " is being trained by " + (holder == null ? "another thread of this process" : holder)
                + ": waiting for it to finish"))) {
            finished = finished(cfg, dir); // the holder we waited for finished it
            if (finished != null) {
                return finished;
            }
            lock.previous().ifPresent(h -> System.out.println("run " + dir.getFileName() + ": taking over from " + h
                    + ", which stopped without finishing; continuing from what it saved"));
            RunStatus.clearFailure(dir);
            Json.write(dir.resolve("config.json"), cfg);
            Execution.configureProcess();
            R result;
            try {
                result = Execution.during(cfg.execution(), () -> cfg.execute(new RunContext(dir, knobs, listener, start)));
            } catch (RuntimeException | Error e) {
                RunStatus.recordFailure(dir, e);
                throw e;
            }
            Json.write(dir.resolve(RESULT), result);
            return new Run<>(cfg, result, dir);
        }
    }

    /**
     * The finished run in {@code dir}, or null if it has no result yet, or one saved by an older library that
     * lacks numbers this one records (it is evaluated again; its finished training is loaded, not repeated).
     */
    private static <R extends RunResult, M> Run<R, M> finished(RunConfig<R, ? extends M> cfg, Path dir) {
        Path resultFile = dir.resolve(RESULT);
        if (!Files.isRegularFile(resultFile)) {
            return null;
        }
        R cached = Json.read(resultFile, cfg.resultType());
        return cached.complete() ? new Run<>(cfg, cached, dir) : null;
    }

    /** @return true if {@code VAEPRIORS_RESULTS_ONLY} (or {@code -Dvaepriors.resultsOnly}) is set: train nothing */
    public static boolean resultsOnly() {
        String v = LabPaths.setting("vaepriors.resultsOnly", "VAEPRIORS_RESULTS_ONLY");
        return v != null && !(v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no"));
    }

    /**
     * Runs several configs, up to {@code parallel} at a time, the most work first ({@link #startOrder}). On a CPU
     * with one ND4J thread per run, small models train faster side by side than one after another on all cores
     * (their products are too small to split well across threads).
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
            List<Future<Run<R, M>>> futures = new ArrayList<>(Collections.nCopies(cfgs.size(), null));
            for (int i : startOrder(cfgs)) {
                RunConfig<R, ? extends M> cfg = cfgs.get(i);
                futures.set(i, pool.submit(() -> ExperimentRunner.<R, M>run(cfg, knobs, new Listener() {
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

    /**
     * The order to start runs in: the most {@link RunConfig#work work} first, ties in the given order (longest
     * processing time first). Why: a long run started last keeps one core busy after the others are done; in
     * notebook 01 the HVAE's Exemplar run came last, the dearest of six. As given if any run has no estimate.
     * The order changes no run's numbers: each run's randomness comes from its own config.
     *
     * @param cfgs the configs
     * @return their indices in the order to start them
     */
    public static List<Integer> startOrder(List<? extends RunConfig<?, ?>> cfgs) {
        double[] work = cfgs.stream().mapToDouble(RunConfig::work).toArray();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < work.length; i++) {
            order.add(i);
        }
        if (java.util.Arrays.stream(work).allMatch(w -> w > 0)) {
            order.sort(Comparator.comparingDouble((Integer i) -> work[i]).reversed());
        }
        return order;
    }

    /** @return runs at a time on this machine: one per core on a CPU, capped at 4 (memory) */
    public static int defaultParallelism() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}

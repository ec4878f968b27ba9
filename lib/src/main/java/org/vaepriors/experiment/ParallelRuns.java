package org.vaepriors.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs independent experiments side by side, each on one ND4J thread: on a 2-core machine two runs on
 * one thread each finish sooner than one after the other on two threads (the small matrix products of
 * these models do not scale, STACK.md). Runs must not depend on each other (a post-hoc run and its base
 * belong in separate batches).
 */
public final class ParallelRuns {
    private ParallelRuns() {
    }

    /**
     * Runs configs (or loads those that ran before) side by side, without progress output.
     *
     * @param configs the configs, independent of each other
     * @param knobs   the knobs in force
     * @param threads how many at once
     * @return the finished runs, in the order of {@code configs}
     */
    public static List<ExperimentRunner.Run> configs(List<RunConfig> configs, Knobs knobs, int threads) {
        List<Supplier<ExperimentRunner.Run>> jobs = new ArrayList<>();
        for (RunConfig c : configs) {
            jobs.add(() -> ExperimentRunner.run(c, knobs, org.vaepriors.train.Trainer.Listener.NONE));
        }
        return run(jobs, threads);
    }

    /**
     * @param jobs    the runs to make
     * @param threads how many at once (>= 1)
     * @return the finished runs, in the order of {@code jobs}
     * @throws IllegalArgumentException if threads is below 1
     * @throws IllegalStateException    wrapping the first run that failed
     */
    public static List<ExperimentRunner.Run> run(List<Supplier<ExperimentRunner.Run>> jobs, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vaepriors-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ExperimentRunner.Run>> futures = new ArrayList<>();
            for (Supplier<ExperimentRunner.Run> job : jobs) {
                futures.add(pool.submit(job::get));
            }
            List<ExperimentRunner.Run> out = new ArrayList<>();
            for (Future<ExperimentRunner.Run> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for runs", e);
        } finally {
            pool.shutdownNow();
        }
    }
}

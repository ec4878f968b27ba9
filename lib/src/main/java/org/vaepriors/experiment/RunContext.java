package org.vaepriors.experiment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import org.vaepriors.train.Listener;

/**
 * What a run sees while it executes: its folder, the knobs in force, a listener for progress, and the
 * runner, for the runs it depends on.
 *
 * @param dir       the run folder (its config.json written, its lock held)
 * @param knobs     the knobs in force (recorded in the provenance)
 * @param listener  training progress
 * @param startedAt when the run was asked for
 */
public record RunContext(Path dir, Knobs knobs, Listener listener, Instant startedAt) {

    /** Validates the fields. */
    public RunContext {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(knobs, "knobs");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /**
     * A run this one depends on, trained first if needed (its progress is heard too).
     *
     * @param cfg the dependency's config (the knobs already applied)
     * @param <R> its result
     * @param <M> its model
     * @return the finished dependency
     */
    public <R extends RunResult, M> ExperimentRunner.Run<R, M> dependency(RunConfig<R, M> cfg) {
        return ExperimentRunner.run(cfg, knobs, listener);
    }

    /**
     * The provenance of this run as it ends.
     *
     * @param cfg          the config
     * @param data         the data's provenance, or null for synthetic data drawn from the seed
     * @param trainSeconds training wall time
     * @param evalSeconds  evaluation wall time
     * @return the provenance
     */
    public Provenance provenance(RunConfig<?, ?> cfg, org.vaepriors.data.DataProvenance data, double trainSeconds,
                                 double evalSeconds) {
        return Provenance.capture(cfg, data, knobs, startedAt, trainSeconds, evalSeconds);
    }
}

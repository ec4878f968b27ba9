package org.vaepriors.experiment;

import java.util.Optional;

import org.vaepriors.train.Outcome;

/**
 * What every finished run saves in {@code result.json}: its config, how training ended and where the
 * result came from. Each kind of run adds its numbers; tables and plots read them and compute nothing.
 * A run that diverged is saved too, with its diagnosis, so that asking for it again reports the divergence
 * instead of training it again.
 */
public interface RunResult {

    /** @return the config that produced it */
    RunConfig<?, ?> config();

    /** @return how training ended */
    Outcome outcome();

    /** @return library, data, machine, knobs and timings */
    Provenance provenance();

    /** @return the run's headline numbers in one line, for the command line */
    String summary();

    /** @return where and why training diverged, if it did */
    default Optional<Outcome.Diverged> divergence() {
        return outcome() instanceof Outcome.Diverged d ? Optional.of(d) : Optional.empty();
    }

    /**
     * @return false for a run that diverged before it had anything worth keeping (a VAE before its first
     * finished epoch): it has no test metrics and no model, and tables show it as diverged
     */
    default boolean hasMetrics() {
        return true;
    }

    /**
     * @return false for a result saved by an older library that lacks numbers this one records: the runner
     * evaluates it again from its checkpoints (training, finished, is not repeated)
     */
    default boolean complete() {
        return true;
    }
}

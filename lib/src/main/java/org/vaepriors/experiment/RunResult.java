package org.vaepriors.experiment;

import org.vaepriors.train.Outcome;

/**
 * What every finished run saves in {@code result.json}: its config, how training ended and where the
 * result came from. Each kind of run adds its numbers; tables and plots read them and compute nothing.
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

    /**
     * @return false for a result saved by an older library that lacks numbers this one records: the runner
     * evaluates it again from its checkpoints (training, finished, is not repeated)
     */
    default boolean complete() {
        return true;
    }
}

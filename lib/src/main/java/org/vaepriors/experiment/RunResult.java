package org.vaepriors.experiment;

import java.util.List;
import java.util.Objects;

import org.vaepriors.eval.EvalResult;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.TrainingStatus;

/**
 * A finished run: its config, test metrics, training history, outcome and provenance, saved as
 * {@code result.json} in the run folder; tables read only from there.
 *
 * @param config     the config
 * @param metrics    test-set metrics of the best parameters
 * @param history    one status per epoch
 * @param outcome    how training ended
 * @param provenance where the result came from
 */
public record RunResult(RunConfig config, EvalResult metrics, List<TrainingStatus> history, Outcome outcome,
                        Provenance provenance) {
    /** Validates and copies. */
    public RunResult {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metrics, "metrics");
        history = List.copyOf(history);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(provenance, "provenance");
    }
}

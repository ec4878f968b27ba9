package org.vaepriors.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.eval.EvalResult;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.TrainingStatus;

/**
 * A finished {@link VaeRun}: its config, test metrics, training history, outcome and provenance, saved as
 * {@code result.json} in the run folder; tables read only from there.
 *
 * @param config     the config
 * @param metrics    test-set metrics of the best parameters
 * @param history    one status per epoch
 * @param outcome    how training ended
 * @param provenance where the result came from
 */
public record VaeResult(VaeRun<?> config, EvalResult metrics, List<TrainingStatus> history, Outcome outcome,
                        Provenance provenance) implements RunResult {
    /** Validates and copies. */
    public VaeResult {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metrics, "metrics");
        history = List.copyOf(history);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** @return false if it predates the per-image KL and reconstruction (paired differences need them) */
    @Override
    public boolean complete() {
        return metrics.klPerImage() != null && metrics.reconstructionPerImage() != null;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s; test NLL %.2f +- %.2f nats (S = %d), RE %.2f, KL %.2f, active units %d of %d",
                outcome, metrics.nll(), metrics.nllStandardError(), metrics.iwSamples(), metrics.reconstruction(),
                metrics.kl(), metrics.activeUnits(), metrics.unitVariances().length);
    }
}

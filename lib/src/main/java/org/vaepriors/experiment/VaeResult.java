package org.vaepriors.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.TrainingStatus;

/**
 * A finished {@link VaeRun}: its config, test metrics, training history, outcome and provenance, saved as
 * {@code result.json} in the run folder; tables read only from there.
 *
 * <p>A run that diverged before it finished an epoch has no parameters worth evaluating: it is saved with
 * its outcome (the epoch, step and diagnosis) and no metrics, and {@link #metrics()} throws a
 * {@link RunDivergedException} that says so. One that diverged later keeps its best epoch and is evaluated on
 * it.
 *
 * @param config     the config
 * @param metrics    test-set metrics of the best parameters; absent (null in the record, missing in JSON) only
 *                   for a run that diverged before finishing an epoch
 * @param history    one status per epoch
 * @param outcome    how training ended
 * @param provenance where the result came from
 */
// JSON from the fields: the metrics accessor throws for a diverged run, the field is simply left out
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record VaeResult(VaeRun<?> config, @JsonInclude(JsonInclude.Include.NON_NULL) EvalResult metrics,
                        List<TrainingStatus> history, Outcome outcome, Provenance provenance) implements RunResult {
    /** Validates and copies; metrics may be missing only after a divergence before the first finished epoch. */
    public VaeResult {
        Objects.requireNonNull(config, "config");
        history = List.copyOf(history);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(provenance, "provenance");
        if (metrics == null && !(outcome instanceof Outcome.Diverged d && d.bestEpoch() == 0)) {
            throw new IllegalArgumentException("a VAE result without test metrics must be a run that diverged before "
                    + "finishing an epoch; this one ended " + outcome);
        }
    }

    /**
     * @return test-set metrics of the best parameters
     * @throws RunDivergedException if the run diverged before finishing an epoch and so has none
     */
    @Override
    public EvalResult metrics() {
        if (metrics == null) {
            throw new RunDivergedException(config.label() + "-" + config.id(), (Outcome.Diverged) outcome);
        }
        return metrics;
    }

    @Override
    public boolean hasMetrics() {
        return metrics != null;
    }

    /**
     * @return false if it predates the per-image KL and reconstruction (paired differences need them); a run
     * that diverged before an epoch has nothing to evaluate again
     */
    @Override
    public boolean complete() {
        return metrics == null || metrics.klPerImage() != null && metrics.reconstructionPerImage() != null;
    }

    @Override
    public String summary() {
        if (metrics == null) {
            return RunDivergedException.describe(config.label() + "-" + config.id(), (Outcome.Diverged) outcome);
        }
        return String.format(Locale.ROOT, "%s; test NLL %.2f +- %.2f nats (S = %d), RE %.2f, KL %.2f, active units %d of %d",
                outcome, metrics.nll(), metrics.nllStandardError(), metrics.iwSamples(), metrics.reconstruction(),
                metrics.kl(), metrics.activeUnits(), metrics.unitVariances().length);
    }
}

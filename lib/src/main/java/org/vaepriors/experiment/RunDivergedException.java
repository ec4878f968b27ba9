package org.vaepriors.experiment;

import java.util.Locale;
import java.util.Objects;

import org.vaepriors.train.Outcome;

/**
 * Thrown when code asks a run that diverged before it had anything worth keeping for its numbers or its
 * model: the run is finished (asking again does not train it again, the same config diverges the same way),
 * but it has no test metrics and no trained model, only its diagnosis.
 */
public final class RunDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient Outcome.Diverged divergence;

    /**
     * @param run        the run's folder name
     * @param divergence where and why it diverged
     */
    public RunDivergedException(String run, Outcome.Diverged divergence) {
        super(describe(run, divergence));
        this.divergence = Objects.requireNonNull(divergence, "divergence");
    }

    /** @return where and why it diverged */
    public Outcome.Diverged divergence() {
        return divergence;
    }

    /**
     * @param run        the run's name
     * @param divergence where and why it diverged
     * @return one sentence for people: the run, the epoch and step, the diagnosis, and what to change
     */
    public static String describe(String run, Outcome.Diverged divergence) {
        return String.format(Locale.ROOT, "run %s diverged at epoch %d, step %d, before it finished an epoch, so it has "
                        + "no test metrics and no model: %s (the same config diverges again; change its learning rate "
                        + "or prior to get a new run)", run, divergence.epoch(), divergence.step(),
                divergence.diagnosis());
    }
}

package org.vaepriors.prior;

import java.util.Objects;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A prior's log-density as graph variables, both forms from one call: the exact density, which every
 * reported number uses (KL, ELBO, log-likelihood), and the form the training loss uses, which differs
 * where the paper trains with an estimate (the Exemplar prior's leave-one-out, sub-sampled mixture; LARS's
 * Algorithm 1 estimate of Z).
 *
 * @param exact    log p(z), {@code [B]}, a true density with its normalising constants
 * @param training the training form, {@code [B]}; the same variable as {@code exact} when there is none
 */
public record LogDensity(SDVariable exact, SDVariable training) {

    /** Validates the fields. */
    public LogDensity {
        Objects.requireNonNull(exact, "exact");
        Objects.requireNonNull(training, "training");
    }

    /**
     * @param logProb the exact log-density
     * @return a density trained as it is evaluated
     */
    public static LogDensity of(SDVariable logProb) {
        return new LogDensity(logProb, logProb);
    }

    /** @return true if training uses another form than the exact density */
    public boolean trainsOnEstimate() {
        return training != exact;
    }
}

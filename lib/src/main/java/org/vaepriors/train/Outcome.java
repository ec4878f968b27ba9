package org.vaepriors.train;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** How a training run ended. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Outcome.Completed.class, name = "completed"),
        @JsonSubTypes.Type(value = Outcome.EarlyStopped.class, name = "early-stopped"),
        @JsonSubTypes.Type(value = Outcome.Diverged.class, name = "diverged")})
public sealed interface Outcome permits Outcome.Completed, Outcome.EarlyStopped, Outcome.Diverged {

    /** @return the epoch whose parameters were kept (the best validation loss) */
    int bestEpoch();

    /**
     * Ran to the epoch cap.
     *
     * @param epochs    epochs run
     * @param bestEpoch the best epoch
     */
    record Completed(int epochs, int bestEpoch) implements Outcome {
    }

    /**
     * Stopped after {@code patience} epochs without improvement.
     *
     * @param epochs    epochs run
     * @param bestEpoch the best epoch
     */
    record EarlyStopped(int epochs, int bestEpoch) implements Outcome {
    }

    /**
     * A loss or gradient became NaN or infinite: training stopped, the best checkpoint was kept.
     *
     * @param epoch     the epoch it happened in
     * @param step      the step within the epoch
     * @param diagnosis which term went non-finite and how
     * @param bestEpoch the best epoch before it (0 if none)
     */
    record Diverged(int epoch, int step, String diagnosis, int bestEpoch) implements Outcome {
        /** Validates the fields. */
        public Diverged {
            Objects.requireNonNull(diagnosis, "diagnosis");
        }
    }
}

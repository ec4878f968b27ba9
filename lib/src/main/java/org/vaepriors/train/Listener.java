package org.vaepriors.train;

/** Hears a training loop's progress: a call per step (progress bars) and a line per epoch. */
public interface Listener {
    /** Hears nothing. */
    Listener NONE = new Listener() {
    };

    /**
     * @param epoch the epoch
     * @param step  steps done in it
     * @param steps steps per epoch
     * @param loss  the step's loss
     */
    default void step(int epoch, int step, int steps, double loss) {
    }

    /** @param status the epoch just finished, for models that report one (the VAEs) */
    default void epoch(TrainingStatus status) {
    }
}

package org.vaepriors.train;

/**
 * Hears about the steps of a training loop that runs by steps rather than epochs (the toy VAE, the NCP
 * classifier), e.g. to drive a progress bar.
 */
@FunctionalInterface
public interface StepListener {
    /** Hears nothing. */
    StepListener NONE = (done, total, loss) -> { };

    /**
     * @param done  steps done so far
     * @param total steps in all
     * @param loss  the loss of the last step
     */
    void step(int done, int total, double loss);
}

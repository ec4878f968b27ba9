package org.vaepriors.prior;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Optional capability of a {@link Prior} whose training steps need more than the batch: placeholder
 * values drawn or computed per step (a component sub-sample, retrieved exemplars, proposal draws), graph
 * outputs read back after the update, and a hook at each epoch start. The training loop looks for it.
 */
public interface StepHooks {

    /**
     * Placeholder values for one training step.
     *
     * @param batch the step's batch and generator
     * @return placeholder name to value
     */
    Map<String, INDArray> trainingFeed(TrainingBatch batch);

    /** @return graph outputs wanted after every step (computed in its forward pass, before the update) */
    default List<String> stepOutputs() {
        return List.of();
    }

    /**
     * Called after every training step, once the parameters have been updated.
     *
     * @param outputs the step's values of {@link #stepOutputs}
     */
    default void afterStep(Map<String, INDArray> outputs) {
    }

    /**
     * Called before the first step of every training epoch (e.g. to refresh a cache of encodings).
     *
     * @param epoch the epoch, from 1
     */
    default void beginEpoch(int epoch) {
    }
}

package org.vaepriors.train;

import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.engine.GraphEngine;

/**
 * What the {@link TrainingLoop} trains, and everything about it that differs from one model to the next:
 * the graph, the parameters the optimiser may change, the loss, how a batch becomes placeholder values,
 * and the hooks some models need around a step (the priors' {@code StepHooks}).
 */
public interface Objective {

    /** @return the graph holding the parameters and the loss */
    SameDiff graph();

    /** @return what executes the graph (the model's own engine, so its plans serve training and evaluation alike) */
    GraphEngine engine();

    /** @return the names of the parameters the optimiser changes; the graph's others stay frozen */
    List<String> parameters();

    /** @return the name of the scalar loss */
    String loss();

    /**
     * @return per-example outputs that the loop sums over every epoch (e.g. log p(x|z) and the KL) and that
     * a diagnosis names when they stop being finite
     */
    default List<String> terms() {
        return List.of();
    }

    /**
     * The placeholder values of one step.
     *
     * @param batch the step: its epoch, its rows and its generator
     * @return placeholder name to value
     */
    Map<String, INDArray> feed(Batch batch);

    /** @return outputs wanted back after every step besides the loss and the terms */
    default List<String> stepOutputs() {
        return List.of();
    }

    /**
     * Called after every step, once the parameters were updated.
     *
     * @param outputs the step's values of {@link #stepOutputs}
     */
    default void afterStep(Map<String, INDArray> outputs) {
    }

    /**
     * Called before the first step of every epoch.
     *
     * @param epoch the epoch, from 1
     */
    default void beginEpoch(int epoch) {
    }
}

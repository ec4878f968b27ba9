package org.vaepriors.prior;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Optional capability of a {@link Prior} whose exact density needs values computed outside the graph from
 * the current parameters (the encodings of all exemplars, LARS's Monte Carlo Z): fed as placeholders at
 * evaluation, computed once per parameter state.
 */
public interface EvaluationInputs {

    /** @return placeholder values for evaluation with the current parameters */
    Map<String, INDArray> evaluationFeed();

    /** Called whenever the parameters changed (a step, a checkpoint loaded): drop what depends on them. */
    void parametersChanged();
}

package org.vaepriors.eval;

import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A latent-variable model seen by the importance sampler: for each row of a batch it draws one
 * z ~ q(z|x) and returns the log importance weight log p(x, z) - log q(z|x) (the full joint for
 * hierarchical models). {@link org.vaepriors.model.VaeModel} is one; tests use models whose marginal
 * likelihood is known in closed form.
 */
@FunctionalInterface
public interface LogWeights {
    /**
     * @param x   {@code [B, P]} the examples (rows may repeat)
     * @param rng the generator for the posterior samples
     * @return {@code [B]} log importance weights
     */
    double[] logWeights(INDArray x, RandomGenerator rng);
}

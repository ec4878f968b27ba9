package org.vaepriors.prior;

import java.util.Map;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A prior p(z) on a VAE's (top) latent. Every prior of the project implements it: the standard Gaussian,
 * mixtures, the VampPrior, and later the Exemplar, LARS and NCP priors.
 *
 * <p>A prior adds its parameters and its log-density to the model's SameDiff graph once
 * ({@link #logProb}); what it needs anew at every step (a random subset of components, a batch of
 * exemplars) it feeds as placeholders ({@link #trainingFeed}, {@link #evaluationFeed}).
 */
public interface Prior {

    /** @return the spec this prior was created from */
    PriorSpec spec();

    /** @return the dimension of z */
    int latentDim();

    /**
     * Adds the prior to the graph; called once per graph.
     *
     * @param sd the graph (the one given in the {@link PriorContext})
     * @param z  {@code [B, latentDim]}
     * @return log p(z), {@code [B]}, a true density (with its normalising constants)
     */
    SDVariable logProb(SameDiff sd, SDVariable z);

    /**
     * Placeholder values for one training step.
     *
     * @param rng the step's generator
     * @return placeholder name to value; empty by default
     */
    default Map<String, INDArray> trainingFeed(RandomGenerator rng) {
        return Map.of();
    }

    /** @return placeholder values for evaluation (the exact prior: all components); empty by default */
    default Map<String, INDArray> evaluationFeed() {
        return Map.of();
    }

    /**
     * Draws latents from the prior with its current parameters.
     *
     * @param sd  the graph holding the parameters
     * @param n   how many
     * @param rng the generator
     * @return {@code [n, latentDim]}
     */
    INDArray sample(SameDiff sd, int n, RandomGenerator rng);
}

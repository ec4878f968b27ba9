package org.vaepriors.prior;

import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A source of latent samples, e.g. the aggregate posterior q(z) = E_x q(z|x) of a trained VAE: the
 * positive class of the NCP classifier.
 */
@FunctionalInterface
public interface LatentSampler {
    /**
     * @param n   how many
     * @param rng the generator
     * @return {@code [n, latentDim]}
     */
    INDArray sample(int n, RandomGenerator rng);
}

/**
 * Priors on a VAE's latent: the small {@link org.vaepriors.prior.Prior} contract (spec, dimension, log-density
 * in both its exact and its training form, sampling), the optional capabilities only some priors have
 * ({@link org.vaepriors.prior.StepHooks}, {@link org.vaepriors.prior.EvaluationInputs},
 * {@link org.vaepriors.prior.Stateful}, {@link org.vaepriors.prior.Mixture},
 * {@link org.vaepriors.prior.PriorStatistics}), and the shared priors: the standard Gaussian and the mixture of
 * Gaussians. The papers' priors live in their own packages.
 */
package org.vaepriors.prior;

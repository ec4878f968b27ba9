/**
 * Priors on a VAE's latent: the {@link org.vaepriors.prior.Prior} abstraction and its implementations,
 * each with a sealed, hashable {@link org.vaepriors.prior.PriorSpec}.
 */
package org.vaepriors.prior;

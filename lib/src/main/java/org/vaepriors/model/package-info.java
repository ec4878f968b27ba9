/**
 * The VAE architectures of the papers (VAE, HVAE, ConvHVAE), built as SameDiff graphs with the prior
 * under study on the top latent: {@link org.vaepriors.model.VaeModel}.
 */
package org.vaepriors.model;

/**
 * VampPrior (Tomczak &amp; Welling, AISTATS 2018): the mixture of the model's own posteriors at learned
 * pseudo-inputs, with the component sub-sampling of the Exemplar VAE supplement.
 */
package org.vaepriors.vampprior;

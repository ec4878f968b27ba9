/**
 * VAE Priors Lab: VAE models, learned priors (VampPrior, Exemplar, LARS, NCP), training and evaluation.
 * This root package holds only {@link org.vaepriors.LabPaths}, the project's folder layout, on which every
 * other package may depend.
 */
package org.vaepriors;

/**
 * LARS (Bauer &amp; Mnih, AISTATS 2019): the resampled prior with its truncated density, Algorithm 1's training
 * estimate of Z, Monte Carlo Z with its standard error and truncated rejection sampling; the 2-D density fits
 * and the 2-D latent plane as runs; and the tables of notebook 04.
 */
package org.vaepriors.lars;

/**
 * Neural-network building blocks in SameDiff: seeded initialisation, (gated) dense and convolutional
 * layers, diagonal Gaussians, and the static math (log-densities, log-sum-exp, Bernoulli likelihood) that
 * models and priors share. Knows nothing of configs or training.
 */
package org.vaepriors.nn;

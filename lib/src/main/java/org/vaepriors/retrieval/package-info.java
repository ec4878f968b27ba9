/**
 * Nearest-neighbour retrieval over a cache of latent vectors, for the Exemplar VAE's retrieval-augmented
 * training; plain ND4J arrays, no SameDiff.
 */
package org.vaepriors.retrieval;

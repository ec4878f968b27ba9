/**
 * Exemplar VAE (Norouzi, Fleet &amp; Norouzi, NeurIPS 2020): the exemplar prior with leave-one-out, exemplar
 * sub-sampling and kNN retrieval (its cache of encodings), exemplar-conditioned and iterative generation,
 * kNN classification in latent space and exemplar data augmentation as runs, and the studies and tables of
 * the supplement's Tables 1, 3 and 5 (notebooks 01, 02, 03, 06).
 */
package org.vaepriors.exemplar;

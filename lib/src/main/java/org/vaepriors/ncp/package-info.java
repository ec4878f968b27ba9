/**
 * NCP-VAE (Aneja, Schwing, Kautz &amp; Vahdat, NeurIPS 2021): the noise-contrastive prior and its classifier,
 * the VAE for continuous data of the 25-Gaussians experiment, the experiment's two stages as runs, and the
 * table of notebook 05.
 */
package org.vaepriors.ncp;

/** Synthetic 2-D data with exact log-densities: the 25-Gaussians and the LARS illustration targets. */
package org.vaepriors.data.synthetic;

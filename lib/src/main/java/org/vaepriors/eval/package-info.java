/**
 * Evaluation: the test ELBO split into reconstruction and KL, the importance-weighted log-likelihood,
 * and active units.
 */
package org.vaepriors.eval;

package org.vaepriors.eval;

/**
 * Test-set metrics of a trained model (nats per image).
 *
 * @param testImages      test images evaluated
 * @param reconstruction  RE = -E log p(x|z), single posterior sample (supplement Table 3)
 * @param kl              E[log q(z|x) - log p(z)], single sample, all latents
 * @param negativeElbo    RE + KL
 * @param nll             -log p(x), importance-weighted, mean over the test images
 * @param nllStandardError its standard error over images
 * @param iwSamples       importance samples per image
 * @param activeUnits     active units of the top latent (variance of the posterior mean > 0.01)
 * @param unitVariances   Var(E[z_u|x]) per top-latent unit
 * @param logLikelihoods  log p(x) per test image, for histograms
 */
public record EvalResult(int testImages, double reconstruction, double kl, double negativeElbo, double nll,
                         double nllStandardError, int iwSamples, int activeUnits, double[] unitVariances,
                         double[] logLikelihoods) {
}

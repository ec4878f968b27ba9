package org.vaepriors.eval;

import java.util.Map;

import org.vaepriors.math.Estimate;
import org.vaepriors.prior.PriorStatistics;

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
 * @param logLikelihoods  log p(x) per test image, for histograms and paired differences
 * @param prior           the prior's own quantities ({@link PriorStatistics}), e.g. LARS's "Z" with its
 *                        Monte Carlo standard error; empty for priors without any
 */
public record EvalResult(int testImages, double reconstruction, double kl, double negativeElbo, double nll,
                         double nllStandardError, int iwSamples, int activeUnits, double[] unitVariances,
                         double[] logLikelihoods, Map<String, Estimate> prior) {
    /** Copies the prior's statistics (none if null: results saved before they were recorded). */
    public EvalResult {
        prior = prior == null ? Map.of() : Map.copyOf(prior);
    }

    /**
     * The paired difference of test NLL over the same test images: this result's minus {@code other}'s.
     * Pairing removes the spread between images, which dwarfs the differences between priors.
     *
     * @param other a result evaluated on the same test images
     * @return the mean difference (negative: this one is better) and its standard error
     * @throws IllegalArgumentException if the two were evaluated on different numbers of images
     */
    public Estimate nllMinus(EvalResult other) {
        double[] a = logLikelihoods;
        double[] b = other.logLikelihoods;
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired differences need the same test images: " + a.length + " vs " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        return Estimate.of(d);
    }

    /**
     * @param name a statistic of the prior, e.g. "Z"
     * @return its estimate
     * @throws IllegalArgumentException naming the ones there are, if the prior has no such statistic
     */
    public Estimate priorStatistic(String name) {
        Estimate e = prior.get(name);
        if (e == null) {
            throw new IllegalArgumentException("the prior reported no '" + name + "'; it reported " + prior.keySet());
        }
        return e;
    }
}

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
 * @param klPerImage      the single-sample KL of every test image (for paired differences between priors)
 * @param reconstructionPerImage -log p(x|z) of every test image, the same sample
 */
public record EvalResult(int testImages, double reconstruction, double kl, double negativeElbo, double nll,
                         double nllStandardError, int iwSamples, int activeUnits, double[] unitVariances,
                         double[] logLikelihoods, Map<String, Estimate> prior, double[] klPerImage,
                         double[] reconstructionPerImage) {
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
        return paired(other.logLikelihoods, logLikelihoods);
    }

    /**
     * @param other a result evaluated on the same test images with the same noise
     * @return this result's test KL minus the other's, paired over images
     */
    public Estimate klMinus(EvalResult other) {
        return paired(klPerImage, other.klPerImage);
    }

    /**
     * @param other a result evaluated on the same test images with the same noise
     * @return this result's -log p(x|z) minus the other's, paired over images
     */
    public Estimate reconstructionMinus(EvalResult other) {
        return paired(reconstructionPerImage, other.reconstructionPerImage);
    }

    /** mean(a - b) over images and its standard error. */
    private static Estimate paired(double[] a, double[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("this result has no per-image values (saved before they were recorded): "
                    + "run it again");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired differences need the same test images: " + a.length + " vs " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
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

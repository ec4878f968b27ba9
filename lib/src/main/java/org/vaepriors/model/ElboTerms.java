package org.vaepriors.model;

/**
 * Per-example single-sample ELBO terms over a data set (Exemplar VAE supplement, Table 3).
 *
 * @param logPx log p(x|z), one per example
 * @param klPerExample log q(z|x) - log p(z), one per example
 */
public record ElboTerms(double[] logPx, double[] klPerExample) {

    /** @return the mean negative reconstruction, RE = -E log p(x|z) */
    public double reconstruction() {
        return -mean(logPx);
    }

    /** @return the mean KL */
    public double kl() {
        return mean(klPerExample);
    }

    /** @return the mean negative ELBO, RE + KL */
    public double negativeElbo() {
        return reconstruction() + kl();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

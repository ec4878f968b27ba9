package org.vaepriors.math;

/**
 * A Monte Carlo estimate: the sample mean and its standard error.
 *
 * @param mean          the estimate
 * @param standardError the standard deviation of the samples over sqrt(n)
 * @param n             the number of samples
 */
public record Estimate(double mean, double standardError, long n) {

    /**
     * @param samples i.i.d. draws
     * @return their mean and its standard error
     */
    public static Estimate of(double[] samples) {
        int n = samples.length;
        if (n < 2) {
            throw new IllegalArgumentException("an estimate needs at least 2 samples, got " + n);
        }
        double mean = 0;
        for (double v : samples) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : samples) {
            ss += (v - mean) * (v - mean);
        }
        return new Estimate(mean, Math.sqrt(ss / (n - 1) / n), n);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f (n = %d)", mean, standardError, n);
    }
}

package org.vaepriors.experiment;

import java.util.Locale;

/**
 * A metric over repeated runs (seeds), reported as the papers report theirs: mean ± standard deviation, the
 * <em>population</em> standard deviation (divided by n, not n - 1). The Exemplar VAE supplement's ± is that one:
 * Table 1's 24.0 ± 0.63 for five integer counts is sqrt(0.4) (counts 23, 24, 24, 24, 25), which the sample
 * standard deviation (0.71) cannot give, and the authors' code prints {@code np.std} (ddof = 0) of its runs' counts
 * (sajadn/Exemplar-VAE, analysis.py). It describes the runs; it is not a standard error, and verdicts do not
 * use it ({@link Finding#difference} takes the seed spread with n - 1).
 *
 * @param mean the mean
 * @param std  the population standard deviation (0 for one run)
 * @param n    runs
 */
public record Spread(double mean, double std, int n) {

    /**
     * @param values one value per run
     * @return their mean and population standard deviation
     * @throws IllegalArgumentException if there is no value
     */
    public static Spread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Spread(mean, Math.sqrt(ss / values.length), values.length);
    }

    /**
     * @param decimals decimals to show
     * @return "mean±std", or just the mean for one run
     */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return n > 1 ? String.format(Locale.ROOT, f + "±" + f, mean, std) : String.format(Locale.ROOT, f, mean);
    }
}

package org.vaepriors.experiment;

import java.util.Locale;

/**
 * A metric over repeated runs (seeds), reported as the papers do: mean ± standard deviation.
 *
 * @param mean the mean
 * @param std  the sample standard deviation (0 for one run)
 * @param n    runs
 */
public record Spread(double mean, double std, int n) {

    /**
     * @param values one value per run
     * @return their mean and standard deviation
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
        return new Spread(mean, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0, values.length);
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

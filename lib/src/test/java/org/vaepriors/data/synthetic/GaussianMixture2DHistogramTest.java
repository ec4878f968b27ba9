package org.vaepriors.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.vaepriors.testing.ChiSquare;

/**
 * The 25-Gaussians sampler against its own log-density: a 2-D histogram of 200,000 samples in square bins of
 * 0.05 (one standard deviation) against the density integrated over each bin (5 x 5 midpoint rule). Bins
 * expecting at least 5 counts enter Pearson's statistic, the rest are pooled into one bin; the statistic
 * must lie within 4 standard deviations of its mean (df + 4 sqrt(2 df)), at a fixed seed.
 */
class GaussianMixture2DHistogramTest {
    @Test
    void histogramOfSamplesMatchesTheDensity() {
        GaussianMixture2D g = GaussianMixture2D.twentyFiveGaussians();
        double lo = -4.4;
        double w = 0.05;
        int bins = 176; // covers [-4.4, 4.4]
        int n = 200_000;
        int[][] counts = new int[bins][bins];
        int outside = 0;
        for (double[] p : g.sample(n, new SplittableRandom(11))) {
            int i = (int) Math.floor((p[0] - lo) / w);
            int j = (int) Math.floor((p[1] - lo) / w);
            if (i < 0 || j < 0 || i >= bins || j >= bins) {
                outside++;
            } else {
                counts[i][j]++;
            }
        }
        double chi2 = 0;
        int df = 0;
        double pooledExpected = 0;
        double pooledObserved = outside;
        double total = 0;
        for (int i = 0; i < bins; i++) {
            for (int j = 0; j < bins; j++) {
                double mass = 0;
                for (int a = 0; a < 5; a++) {
                    for (int b = 0; b < 5; b++) {
                        mass += Math.exp(g.logDensity(lo + (i + (a + 0.5) / 5) * w, lo + (j + (b + 0.5) / 5) * w));
                    }
                }
                double expected = n * mass * w * w / 25;
                total += expected;
                if (expected >= 5) {
                    chi2 += (counts[i][j] - expected) * (counts[i][j] - expected) / expected;
                    df++;
                } else {
                    pooledExpected += expected;
                    pooledObserved += counts[i][j];
                }
            }
        }
        pooledExpected += n - total; // the mass outside the grid
        chi2 += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
        assertEquals(n, total, 0.001 * n, "the density integrates to 1 over the grid");
        assertTrue(df > 25 * 20, "bins used: " + df);
        assertTrue(chi2 < ChiSquare.critical(df, 0.001), "chi-squared " + chi2 + " with " + df + " degrees of freedom (p = 0.001)");
    }
}

package org.vaepriors.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.vaepriors.math.Estimate;

class GaussianMixture2DTest {
    @Test
    void oneComponentIsTheClosedFormGaussian() {
        GaussianMixture2D g = new GaussianMixture2D(new double[][]{{1, -2}}, 0.7);
        double x = 0.3;
        double y = -1.1;
        double expected = -Math.log(2 * Math.PI * 0.49) - ((x - 1) * (x - 1) + (y + 2) * (y + 2)) / (2 * 0.49);
        assertEquals(expected, g.logDensity(x, y), 1e-12);
    }

    @Test
    void densityIntegratesToOne() {
        GaussianMixture2D g = GaussianMixture2D.grid(3, 2.0, 0.5);
        double h = 0.02;
        double s = 0;
        for (double x = -6; x <= 6; x += h) {
            for (double y = -6; y <= 6; y += h) {
                s += Math.exp(g.logDensity(x, y)) * h * h;
            }
        }
        assertEquals(1.0, s, 1e-3);
    }

    @Test
    void farPointsDoNotUnderflow() {
        double lp = GaussianMixture2D.twentyFiveGaussians().logDensity(50, 50);
        assertEquals(true, Double.isFinite(lp) && lp < -1e5);
    }

    @Test
    void samplesFallWithinThreeSigmasAtTheRayleighRate() {
        GaussianMixture2D g = GaussianMixture2D.twentyFiveGaussians();
        int n = 100_000;
        double[][] s = g.sample(n, new SplittableRandom(5));
        int inside = 0;
        for (double[] p : s) {
            inside += g.sigmasToNearestMode(p[0], p[1]) <= 3 ? 1 : 0;
        }
        double expected = 1 - Math.exp(-4.5); // P(R <= 3) for a 2-D standard Gaussian
        double se = Math.sqrt(expected * (1 - expected) / n);
        assertEquals(expected, (double) inside / n, 5 * se);
    }

    @Test
    void monteCarloEntropyMatchesTheSeparatedClosedForm() {
        GaussianMixture2D g = GaussianMixture2D.twentyFiveGaussians();
        Estimate h = g.entropy(50_000, new SplittableRandom(9));
        assertEquals(g.separatedEntropy(), h.mean(), 5 * h.standardError());
        // MATH.md: the best mean log-likelihood for std 0.05 is about -0.07 nats
        assertEquals(-0.065, -g.separatedEntropy(), 0.001);
    }

    @Test
    void badParametersFailFast() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixture2D(new double[0][], 1));
        assertThrows(IllegalArgumentException.class, () -> GaussianMixture2D.grid(3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixture2D(new double[][]{{1, 2, 3}}, 1));
    }
}

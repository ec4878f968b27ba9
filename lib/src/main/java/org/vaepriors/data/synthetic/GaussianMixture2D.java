package org.vaepriors.data.synthetic;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.vaepriors.math.Estimate;

/**
 * An equal-weight mixture of isotropic 2-D Gaussians with a common standard deviation: the 25-Gaussians
 * of the NCP experiment and the targets of the LARS illustration. Its exact log-density is what the
 * experiments' log-likelihoods and KL divergences are read against.
 *
 * <pre>
 * p(x) = (1/K) sum_k N(x; m_k, s^2 I)
 * </pre>
 *
 * @param means {@code [K][2]} component means
 * @param std   the common standard deviation s
 */
public record GaussianMixture2D(double[][] means, double std) {

    /** Validates and copies the means. */
    public GaussianMixture2D {
        Objects.requireNonNull(means, "means");
        if (means.length < 1) {
            throw new IllegalArgumentException("a mixture needs K >= 1 components, got 0");
        }
        double[][] copy = new double[means.length][];
        for (int k = 0; k < means.length; k++) {
            if (means[k].length != 2) {
                throw new IllegalArgumentException("component " + k + " has a mean of dimension " + means[k].length + ", expected 2");
            }
            copy[k] = means[k].clone();
        }
        means = copy;
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std must be a positive number, got " + std);
        }
    }

    /**
     * A k x k grid of components, centred at the origin.
     *
     * @param k       components per side
     * @param spacing distance between neighbouring means
     * @param std     the common standard deviation
     * @return the mixture
     */
    public static GaussianMixture2D grid(int k, double spacing, double std) {
        if (k < 1) {
            throw new IllegalArgumentException("grid side must be >= 1, got " + k);
        }
        double[][] m = new double[k * k][];
        double offset = (k - 1) / 2.0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i * k + j] = new double[]{(i - offset) * spacing, (j - offset) * spacing};
            }
        }
        return new GaussianMixture2D(m, std);
    }

    /**
     * The NCP paper's 25-Gaussians: means on {-4, -2, 0, 2, 4}^2. The paper gives no width; std 0.05 is the
     * usual choice in the mode-collapse literature (MATH.md).
     *
     * @return the mixture
     */
    public static GaussianMixture2D twentyFiveGaussians() {
        return grid(5, 2.0, 0.05);
    }

    /** @return the number of components K */
    public int components() {
        return means.length;
    }

    /**
     * @param x first coordinate
     * @param y second coordinate
     * @return log p(x, y), computed with a max-shifted log-sum-exp so that points far from every mode do
     * not underflow to -infinity
     */
    public double logDensity(double x, double y) {
        double v = std * std;
        double max = Double.NEGATIVE_INFINITY;
        double[] e = new double[means.length];
        for (int k = 0; k < means.length; k++) {
            double dx = x - means[k][0];
            double dy = y - means[k][1];
            e[k] = -(dx * dx + dy * dy) / (2 * v);
            max = Math.max(max, e[k]);
        }
        double s = 0;
        for (double ek : e) {
            s += Math.exp(ek - max);
        }
        return max + Math.log(s) - Math.log(means.length) - Math.log(2 * Math.PI * v);
    }

    /**
     * @param n   how many points
     * @param rng the generator
     * @return {@code [n][2]} samples: a component uniformly, then the Gaussian
     */
    public double[][] sample(int n, RandomGenerator rng) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] m = means[rng.nextInt(means.length)];
            out[i] = new double[]{m[0] + std * rng.nextGaussian(), m[1] + std * rng.nextGaussian()};
        }
        return out;
    }

    /**
     * Differential entropy H(p) = -E_p[log p(x)] by Monte Carlo: the best mean log-likelihood any model can
     * reach on samples of this mixture is -H.
     *
     * @param n   samples
     * @param rng the generator
     * @return the estimate with its standard error
     */
    public Estimate entropy(int n, RandomGenerator rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double[] m = means[rng.nextInt(means.length)];
            v[i] = -logDensity(m[0] + std * rng.nextGaussian(), m[1] + std * rng.nextGaussian());
        }
        return Estimate.of(v);
    }

    /**
     * The entropy when the components do not overlap: log K + log(2 pi e s^2). Exact in the limit of
     * well-separated modes (the 25-Gaussians with s = 0.05 and spacing 2 are 40 standard deviations apart).
     *
     * @return the entropy in nats for well-separated components
     */
    public double separatedEntropy() {
        return Math.log(means.length) + Math.log(2 * Math.PI * Math.E * std * std);
    }

    /**
     * @param x a point
     * @param y a point
     * @return the distance to the nearest mean, in units of the standard deviation
     */
    public double sigmasToNearestMode(double x, double y) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] m : means) {
            best = Math.min(best, Math.hypot(x - m[0], y - m[1]));
        }
        return best / std;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianMixture2D g && g.std == std && Arrays.deepEquals(g.means, means);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(means) + Double.hashCode(std);
    }

    @Override
    public String toString() {
        return "GaussianMixture2D[K=" + means.length + ", std=" + std + "]";
    }
}

package org.vaepriors.math;

/**
 * The leading principal axes of a point cloud, by power iteration with deflation on the covariance matrix:
 * enough for a 2-D view of a latent space of a few dozen dimensions, with no linear-algebra dependency.
 *
 * @param center the mean of the points
 * @param axes   {@code [k][d]} orthonormal directions, the largest variance first
 */
public record PrincipalAxes(double[] center, double[][] axes) {

    /**
     * @param points {@code [n][d]}, n >= 2
     * @param k      how many axes, 1 <= k <= d
     * @return the mean and the k leading axes
     */
    public static PrincipalAxes of(double[][] points, int k) {
        int n = points.length;
        if (n < 2) {
            throw new IllegalArgumentException("principal axes need at least 2 points, got " + n);
        }
        int d = points[0].length;
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("k must be in [1, " + d + "], got " + k);
        }
        double[] mean = new double[d];
        for (double[] p : points) {
            for (int j = 0; j < d; j++) {
                mean[j] += p[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] p : points) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / (n - 1);
                }
            }
        }
        double[][] axes = new double[k][];
        for (int c = 0; c < k; c++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = 1.0 / Math.sqrt(d) * (1 + 0.01 * j); // a fixed start, not orthogonal to any axis in practice
            }
            double lambda = 0;
            for (int it = 0; it < 1000; it++) {
                double[] w = new double[d];
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        w[a] += cov[a][b] * v[b];
                    }
                }
                for (int prev = 0; prev < c; prev++) { // keep the axes orthonormal despite rounding
                    double proj = dot(w, axes[prev]);
                    for (int j = 0; j < d; j++) {
                        w[j] -= proj * axes[prev][j];
                    }
                }
                double norm = Math.sqrt(dot(w, w));
                if (norm == 0) {
                    break; // no variance left: any direction orthogonal to the previous ones will do
                }
                for (int j = 0; j < d; j++) {
                    w[j] /= norm;
                }
                double change = 1 - Math.abs(dot(v, w));
                v = w;
                lambda = norm;
                if (change < 1e-12) {
                    break;
                }
            }
            axes[c] = v;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        return new PrincipalAxes(mean, axes);
    }

    /**
     * @param p a point {@code [d]}
     * @return its coordinates along the axes, relative to the center
     */
    public double[] project(double[] p) {
        double[] out = new double[axes.length];
        for (int c = 0; c < axes.length; c++) {
            for (int j = 0; j < p.length; j++) {
                out[c] += (p[j] - center[j]) * axes[c][j];
            }
        }
        return out;
    }

    /**
     * @param coordinates coordinates along the axes
     * @return the point center + sum_c coordinates[c] axes[c]
     */
    public double[] point(double... coordinates) {
        double[] out = center.clone();
        for (int c = 0; c < coordinates.length; c++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += coordinates[c] * axes[c][j];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

package org.vaepriors.eval;

/**
 * Active units (Burda et al., 2016): A_u = Var_x(E_q[z_u | x]) over a data set; unit u is active when
 * A_u exceeds 0.01. Counted on the top latent (z2 in the hierarchical models), as in the Exemplar VAE
 * supplement, Table 1.
 *
 * @param variances A_u per latent dimension
 * @param threshold the activity threshold
 */
public record ActiveUnits(double[] variances, double threshold) {
    /** The threshold of Burda et al. */
    public static final double THRESHOLD = 0.01;

    /**
     * @param means posterior means, {@code [N][d]}
     * @return the per-dimension variance over the N examples, with the standard threshold
     */
    public static ActiveUnits of(double[][] means) {
        int n = means.length;
        if (n < 2) {
            throw new IllegalArgumentException("active units need at least 2 examples, got " + n);
        }
        int d = means[0].length;
        double[] mean = new double[d];
        for (double[] m : means) {
            for (int j = 0; j < d; j++) {
                mean[j] += m[j] / n;
            }
        }
        double[] var = new double[d];
        for (double[] m : means) {
            for (int j = 0; j < d; j++) {
                double c = m[j] - mean[j];
                var[j] += c * c / n; // population variance over the data set, as the reference code computes it
            }
        }
        return new ActiveUnits(var, THRESHOLD);
    }

    /** @return the number of active units */
    public int count() {
        int c = 0;
        for (double v : variances) {
            c += v > threshold ? 1 : 0;
        }
        return c;
    }

    /** @return the latent dimension */
    public int dimensions() {
        return variances.length;
    }
}

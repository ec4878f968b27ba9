package org.vaepriors.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Static SameDiff math shared by models and priors: Gaussian log-densities, a stable log-sum-exp, the
 * Bernoulli log-likelihood, a general hardtanh. Every function here is covered by a finite-difference
 * gradient check, and avoids the SameDiff ops that give wrong gradients in M2.1:
 * {@code loss().sigmoidCrossEntropy}, {@code math().logSumExp(x, dim)}, split-after-fused-matmul
 * (STACK.md) and {@code nn().linear} (found by this project's checks; see {@link Layers}).
 *
 * <p>Shapes: {@code B} rows (batch), {@code D} latent dimensions, {@code K} mixture components. Every
 * log-density keeps the {@code log(2 pi)} constant: the values reported are true densities.
 */
public final class SdMath {
    /** log(2 pi). */
    public static final double LOG_2PI = Math.log(2 * Math.PI);
    /** log of the share below which a term of {@link #logSumExpOfFewTerms} is negligible. */
    static final double NEGLIGIBLE = -50;

    private SdMath() {
    }

    /**
     * log N(z; mu, diag exp(logVar)) summed over dimensions.
     *
     * @param sd     the graph
     * @param z      {@code [B, D]}
     * @param mu     {@code [B, D]}
     * @param logVar {@code [B, D]}
     * @return {@code [B]}
     */
    public static SDVariable logNormalDiag(SameDiff sd, SDVariable z, SDVariable mu, SDVariable logVar) {
        SDVariable diff = z.sub(mu);
        // (z - mu)^2 / v with v = exp(logVar); the log-variance term itself is NOT divided by v
        SDVariable quad = diff.mul(diff).mul(sd.math().exp(logVar.neg()));
        return quad.add(logVar).add(LOG_2PI).sum(1).mul(-0.5);
    }

    /**
     * log N(z; 0, I) summed over dimensions.
     *
     * @param sd the graph
     * @param z  {@code [B, D]}
     * @param d  D (graph shapes are not always known when building)
     * @return {@code [B]}
     */
    public static SDVariable logStandardNormal(SameDiff sd, SDVariable z, int d) {
        return sd.math().squaredNorm(z, false, 1).mul(-0.5).sub(0.5 * LOG_2PI * d);
    }

    /**
     * log N(z; mu, diag exp(logVar)) at the reparameterised sample z = mu + exp(logVar / 2) eps, written
     * through eps: (z - mu)^2 / v = eps^2, so the density needs only sum(logVar) and the constant sum(eps^2).
     * Value and gradient equal {@link #logNormalDiag} at that z (z - mu does not depend on mu or logVar),
     * with a third of the ops.
     *
     * @param sd     the graph
     * @param logVar {@code [B, D]}
     * @param eps    {@code [B, D]} the noise that drew z
     * @param d      D
     * @return {@code [B]}
     */
    public static SDVariable logNormalAtSample(SameDiff sd, SDVariable logVar, SDVariable eps, int d) {
        return logVar.sum(1).add(sd.math().squaredNorm(eps, false, 1)).mul(-0.5).sub(0.5 * LOG_2PI * d);
    }

    /**
     * log sum_j exp(x_ij) along {@code dim}, shifted by the maximum so that large negative log-densities
     * do not underflow. The shift cancels exactly in value, and in the gradient: d/dm [m + log sum
     * exp(x - m)] = 1 - sum softmax = 0.
     *
     * @param sd  the graph
     * @param x   a rank-2 variable
     * @param dim the dimension to reduce (1 for rows)
     * @return the reduced variable, rank 1
     */
    public static SDVariable logSumExp(SameDiff sd, SDVariable x, int dim) {
        return logSumExp(sd, x, dim, false);
    }

    /**
     * {@link #logSumExp} for sums where most terms are negligible, such as a mixture over many exemplars of
     * which only the nearest carry weight: a term below {@code exp(-50)} times the largest counts as
     * {@code exp(-50)}, with zero gradient.
     *
     * <p>Why: in float, exp of shifted log-densities between -87 and -104 is subnormal, and so are the
     * gradients it multiplies; x86 arithmetic on subnormals is about 100x slower (a [100, 40] x [40, 896]
     * product's gradient: 72 us with normal values, 12.7 ms with subnormal ones). The value cannot change:
     * even 50,000 terms of {@code exp(-50)} add 1e-17 to a sum that is at least 1, below its float
     * rounding. The gradient terms dropped are below 1e-21 of the largest; over many steps they can still move
     * a run's last digits (BENCHMARKS.md, step 8).
     *
     * @param sd  the graph
     * @param x   a rank-2 variable
     * @param dim the dimension to reduce (1 for rows)
     * @return the reduced variable, rank 1
     */
    public static SDVariable logSumExpOfFewTerms(SameDiff sd, SDVariable x, int dim) {
        return logSumExp(sd, x, dim, true);
    }

    private static SDVariable logSumExp(SameDiff sd, SDVariable x, int dim, boolean floorNegligible) {
        SDVariable max = x.max(true, dim);
        SDVariable shifted = x.sub(max);
        if (floorNegligible) {
            shifted = sd.math().clipByValue(shifted, NEGLIGIBLE, Float.MAX_VALUE);
        }
        SDVariable s = sd.math().exp(shifted).sum(true, dim);
        return sd.squeeze(sd.math().log(s).add(max), dim);
    }

    /**
     * Bernoulli log-likelihood from logits, log p(x|l) = sum_i [x_i l_i - softplus(l_i)], stable for any
     * logit.
     *
     * @param sd     the graph
     * @param x      {@code [B, P]} binary (or in [0, 1])
     * @param logits {@code [B, P]}
     * @return {@code [B]}
     */
    public static SDVariable bernoulliLogLik(SameDiff sd, SDVariable x, SDVariable logits) {
        // softplus(l) = relu(l) + softplus(-|l|): the exp inside softplus never sees a positive argument.
        // relu(l) is written (l + |l|) / 2, exactly equal in float (a sum of two equal or opposite numbers,
        // halved): libnd4j's relu gradient (thresholdedrelu_bp) took 1.5 ms per VAE step, these ops 0.1 ms.
        SDVariable abs = sd.math().abs(logits);
        SDVariable softplus = logits.add(abs).mul(0.5).add(sd.nn().softplus(abs.neg()));
        return logits.mul(x).sub(softplus).sum(1);
    }

    /**
     * hardtanh clipped to [lo, hi]: one clip op, gradient 1 inside and 0 outside.
     *
     * @param sd the graph
     * @param x  any shape
     * @param lo lower bound
     * @param hi upper bound
     * @return x clipped to [lo, hi], gradient 1 inside and 0 outside
     */
    public static SDVariable hardtanh(SameDiff sd, SDVariable x, double lo, double hi) {
        return sd.math().clipByValue(x, lo, hi);
    }

    /**
     * Log-densities of each row of {@code z} under each of K diagonal Gaussians, in the matmul form
     * sum_d [z^2 / v - 2 z m / v + m^2 / v] = z^2 (1/v)^T - 2 z (m/v)^T + rowsum(m^2 / v): no
     * {@code [B, K, D]} tensor is formed (1.8x faster in SameDiff than broadcasting, STACK.md).
     *
     * @param sd      the graph
     * @param z       {@code [B, D]}
     * @param means   {@code [K, D]}
     * @param logVars {@code [K, D]}
     * @param d       D, the latent dimension (graph shapes are not always known when building)
     * @return {@code [B, K]} with entry (b, k) = log N(z_b; m_k, diag exp(logVar_k))
     */
    public static SDVariable componentLogDensities(SameDiff sd, SDVariable z, SDVariable means, SDVariable logVars, int d) {
        SDVariable invVar = sd.math().exp(logVars.neg());                    // [K, D]
        SDVariable mOverV = means.mul(invVar);                               // [K, D]
        SDVariable zz = z.mul(z).mmul(invVar.permute(1, 0));                 // [B, K]
        SDVariable zm = z.mmul(mOverV.permute(1, 0));                        // [B, K]
        SDVariable mm = means.mul(mOverV).add(logVars).sum(1);               // [K]: sum m^2/v + sum log v
        return zz.sub(zm.mul(2.0)).add(mm).add(d * LOG_2PI).mul(-0.5);
    }

    /**
     * Log-densities of each row of {@code z} under K isotropic Gaussians N(m_k, v I) sharing one variance,
     * in the matmul form ||z - m||^2 = ||z||^2 - 2 z m^T + ||m||^2 (one product, no {@code [B, K, D]} tensor).
     *
     * @param sd     the graph
     * @param z      {@code [B, D]}
     * @param means  {@code [K, D]}
     * @param logVar log v, a scalar
     * @param d      D
     * @return {@code [B, K]}
     */
    public static SDVariable isotropicComponentLogDensities(SameDiff sd, SDVariable z, SDVariable means,
                                                           SDVariable logVar, int d) {
        return isotropicComponentLogDensities(sd, z, means, means.permute(1, 0), logVar, d);
    }

    /**
     * {@link #isotropicComponentLogDensities(SameDiff, SDVariable, SDVariable, SDVariable, int)} with the means
     * also given transposed, for means fed to many passes: transposed once by the caller, not copied at every
     * pass (50,000 x 40 exemplar means: 10 ms of a 64 ms evaluation pass). The same product of the same arrays.
     *
     * @param sd              the graph
     * @param z               {@code [B, D]}
     * @param means           {@code [K, D]}
     * @param meansTransposed {@code [D, K]}, the same values
     * @param logVar          the shared log-variance, a scalar
     * @param d               D
     * @return {@code [B, K]}
     */
    public static SDVariable isotropicComponentLogDensities(SameDiff sd, SDVariable z, SDVariable means,
                                                           SDVariable meansTransposed, SDVariable logVar, int d) {
        // -||z - m||^2 / 2v - d (log v + log 2 pi) / 2 = z m^T / v + (row term) + (column term): only two passes
        // over the [B, K] result besides the product, which matters when K is the whole training set
        SDVariable precision = sd.math().exp(logVar.neg());
        SDVariable cross = z.mul(precision).mmul(meansTransposed);                               // [B, K]
        SDVariable rows = sd.math().squaredNorm(z, true, 1).mul(precision).add(logVar.mul(d)).add(d * LOG_2PI)
                .mul(-0.5);                                                                    // [B, 1]
        SDVariable cols = sd.math().squaredNorm(means, false, 1).mul(precision).mul(-0.5);     // [K]
        return cross.add(rows).add(cols);
    }

    /**
     * log of an equal-weight mixture, log (1/K) sum_k N(z; m_k, diag v_k).
     *
     * @param sd      the graph
     * @param logComp {@code [B, K]} component log-densities
     * @param k       K
     * @return {@code [B]}
     */
    public static SDVariable mixtureLogDensity(SameDiff sd, SDVariable logComp, int k) {
        if (k == 1) {
            // SameDiff M2.1 fails (NullPointerException in BaseReduceOp.noOp) reducing along a dimension of
            // size 1; one component needs no reduction.
            return sd.reshape(logComp, -1);
        }
        return logSumExp(sd, logComp, 1).sub(Math.log(k));
    }

    /**
     * log of an equal-weight mixture over a subset of its components, given by an additive mask (0 for
     * the components used, {@code -1e9} for the others, which then contribute exactly 0) and the log of the
     * number used.
     *
     * @param sd       the graph
     * @param logComp  {@code [B, K]} component log-densities
     * @param mask     {@code [1, K]} additive mask
     * @param logCount the log of the number of components used, a scalar
     * @return {@code [B]}
     */
    public static SDVariable mixtureLogDensity(SameDiff sd, SDVariable logComp, SDVariable mask, SDVariable logCount) {
        return logSumExp(sd, logComp.add(mask), 1).sub(logCount);
    }
}

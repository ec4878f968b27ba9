package org.vaepriors.lars;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.nn.HostArrays;

/**
 * Pictures of 2-D latent densities for the LARS notebook (Fig. 2, D.10-D.13): densities on a square grid
 * turned into grey images, the aggregate posterior of a 2-D VAE, KL by quadrature, and proposal draws
 * ranked by their acceptance (Fig. D.5).
 */
public final class LatentMaps {
    private LatentMaps() {
    }

    /**
     * Cell centres of an n x n grid on [lo, hi]^2, image order: row 0 is the top (largest second
     * coordinate), column 0 the left.
     *
     * @param lo the lower bound of both axes
     * @param hi the upper bound
     * @param n  cells per side
     * @return {@code [n * n, 2]}
     */
    public static INDArray grid(double lo, double hi, int n) {
        double[][] pts = new double[n * n][];
        double step = (hi - lo) / n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                pts[i * n + j] = new double[]{lo + (j + 0.5) * step, hi - (i + 0.5) * step};
            }
        }
        return Nd4j.create(pts);
    }

    /**
     * @param logDensities one array of grid values per panel (log-densities, or log a(z))
     * @return {@code [panels, n * n]} images, each exp(v) scaled to a maximum of 1 (linear grey scale)
     */
    public static INDArray images(List<double[]> logDensities) {
        int cells = logDensities.get(0).length;
        float[] px = new float[logDensities.size() * cells];
        for (int p = 0; p < logDensities.size(); p++) {
            double[] v = logDensities.get(p);
            double max = Arrays.stream(v).max().orElse(0);
            for (int i = 0; i < cells; i++) {
                px[p * cells + i] = (float) Math.exp(v[i] - max);
            }
        }
        return Nd4j.create(px, new long[]{logDensities.size(), cells}, 'c');
    }

    /**
     * @param grid {@code [m, 2]}
     * @return log N(z; 0, I) at each point
     */
    public static double[] standardNormal(INDArray grid) {
        double[][] z = grid.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = -0.5 * (z[i][0] * z[i][0] + z[i][1] * z[i][1]) - Math.log(2 * Math.PI);
        }
        return out;
    }

    /**
     * @param grid  {@code [m, 2]}
     * @param prior a resampled prior
     * @return log a(z) at each point
     */
    public static double[] logAcceptance(INDArray grid, ResampledPrior prior) {
        return Arrays.stream(prior.acceptance(grid)).map(Math::log).toArray();
    }

    /**
     * The aggregate posterior q(z) = (1/N) sum_n q(z | x_n) of a model with a 2-D latent, on a grid.
     *
     * @param model  the model (latent dimension 2)
     * @param binary binarised images x_n
     * @param grid   {@code [m, 2]}
     * @return log q(z) at each point
     * @throws IllegalArgumentException if the latent is not 2-D
     */
    public static double[] aggregatePosterior(VaeModel<?> model, ImageSet binary, INDArray grid) {
        double[][][] q = posteriors(model, binary, "the aggregate posterior is drawn");
        return mixtureLogDensity(grid.castTo(DataType.DOUBLE).toDoubleMatrix(), q[0], q[1]);
    }

    /**
     * The KLs from a 2-D model's aggregate posterior q(z) = (1/N) sum_n q(z|x_n) to its proposal and to its
     * resampled prior, by Monte Carlo: z drawn from q (an image uniformly, then z ~ q(z|x_n)), log q(z) the exact
     * mixture over the N images.
     *
     * @param toProposal KL(q || pi), nats
     * @param toPrior    KL(q || p_T) with the prior's evaluation Z, nats
     * @param gain       KL(q || pi) - KL(q || p_T), paired on the same samples
     * @param zError     the standard error KL(q || p_T) inherits from Z: |E_q[d log p_T / dZ]| se(Z)
     */
    public record AggregateKl(Estimate toProposal, Estimate toPrior, Estimate gain, double zError) {
    }

    /**
     * @param model   a model with a 2-D latent and a resampled prior on a standard Gaussian proposal
     * @param binary  binarised images x_n
     * @param samples samples of q(z)
     * @param rng     the generator
     * @return the KLs
     */
    public static AggregateKl aggregateKl(VaeModel<ResampledPrior> model, ImageSet binary, int samples, RandomGenerator rng) {
        double[][][] q = posteriors(model, binary, "the aggregate posterior's KL is computed");
        double[][] mu = q[0];
        double[][] lv = q[1];
        int n = mu.length;
        double[][] z = new double[samples][2];
        for (int s = 0; s < samples; s++) {
            int k = rng.nextInt(n);
            z[s][0] = mu[k][0] + Math.exp(lv[k][0] / 2) * rng.nextGaussian();
            z[s][1] = mu[k][1] + Math.exp(lv[k][1] / 2) * rng.nextGaussian();
        }
        double[] logQ = mixtureLogDensity(z, mu, lv);
        ResampledPrior prior = model.prior();
        double[] logA = prior.logAcceptance(Nd4j.create(z).castTo(model.dtype()));
        Estimate zHat = prior.normalizer();
        int t = prior.spec().truncation();
        double h = Math.max(1e-12, Math.min(zHat.standardError(), zHat.mean() / 2));
        double[] toPi = new double[samples];
        double[] toP = new double[samples];
        double[] gain = new double[samples];
        double slope = 0;
        for (int s = 0; s < samples; s++) {
            double logPi = -0.5 * (z[s][0] * z[s][0] + z[s][1] * z[s][1]) - Math.log(2 * Math.PI);
            double logP = ResampledPrior.logDensity(logPi, logA[s], zHat.mean(), t);
            toPi[s] = logQ[s] - logPi;
            toP[s] = logQ[s] - logP;
            gain[s] = logP - logPi;
            slope += (ResampledPrior.logDensity(logPi, logA[s], zHat.mean() + h, t)
                    - ResampledPrior.logDensity(logPi, logA[s], zHat.mean() - h, t)) / (2 * h) / samples;
        }
        return new AggregateKl(Estimate.of(toPi), Estimate.of(toP), Estimate.of(gain), Math.abs(slope) * zHat.standardError());
    }

    /** {mu, log sigma^2} of q(z | x_n) for every image, of a model with a 2-D latent ({@code what} names the use). */
    private static double[][][] posteriors(VaeModel<?> model, ImageSet binary, String what) {
        if (model.architecture().latentDim() != 2) {
            throw new IllegalArgumentException(what + " for a 2-D latent, this model has " + model.architecture().latentDim());
        }
        INDArray x = HostArrays.floats(binary.pixels(), binary.size(), binary.dim());
        Map<String, INDArray> out = model.output(model.feed(x, new SplittableRandom(0), 1.0), GraphNames.MU, GraphNames.LOG_VAR);
        return new double[][][]{out.get(GraphNames.MU).castTo(DataType.DOUBLE).toDoubleMatrix(),
                out.get(GraphNames.LOG_VAR).castTo(DataType.DOUBLE).toDoubleMatrix()};
    }

    /** log (1/N) sum_n N(z; mu_n, diag exp(lv_n)) for 2-D points, max-shifted. */
    private static double[] mixtureLogDensity(double[][] z, double[][] mu, double[][] lv) {
        int n = mu.length;
        double[] res = new double[z.length];
        double[] terms = new double[n];
        for (int g = 0; g < z.length; g++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                double d0 = z[g][0] - mu[k][0];
                double d1 = z[g][1] - mu[k][1];
                terms[k] = -0.5 * (d0 * d0 * Math.exp(-lv[k][0]) + d1 * d1 * Math.exp(-lv[k][1]) + lv[k][0] + lv[k][1])
                        - Math.log(2 * Math.PI);
                max = Math.max(max, terms[k]);
            }
            double s = 0;
            for (double v : terms) {
                s += Math.exp(v - max);
            }
            res[g] = max + Math.log(s / n);
        }
        return res;
    }

    /**
     * KL(q || p) = sum over grid cells of q (log q - log p), q renormalised on the grid (the grid must hold
     * almost all of q's mass).
     *
     * @param logQ log q at the grid points
     * @param logP log p at the grid points
     * @return the KL in nats
     */
    public static double klOnGrid(double[] logQ, double[] logP) {
        double max = Arrays.stream(logQ).max().orElse(0);
        double mass = 0;
        for (double v : logQ) {
            mass += Math.exp(v - max);
        }
        double kl = 0;
        for (int i = 0; i < logQ.length; i++) {
            double w = Math.exp(logQ[i] - max) / mass;
            kl += w * (logQ[i] - logP[i]);
        }
        return kl;
    }

    /**
     * Proposal draws ranked by acceptance, decoded (Fig. D.5): the best, random ones, the worst.
     *
     * @param model a model with a resampled prior
     * @param draws proposal draws to rank (the paper: 10^4)
     * @param show  images per row
     * @param rng   the generator
     * @return {@code [3 * show, P]} decoder means: best row, random row, worst row; and their a(z)
     */
    public static Ranked ranked(VaeModel<ResampledPrior> model, int draws, int show, SplittableRandom rng) {
        ResampledPrior prior = model.prior();
        INDArray z = prior.proposal().sample(draws, rng);
        double[] a = prior.acceptance(z);
        Integer[] order = new Integer[draws];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (i, j) -> Double.compare(a[j], a[i]));
        int[] pick = new int[3 * show];
        double[] picked = new double[3 * show];
        for (int i = 0; i < show; i++) {
            pick[i] = order[i];
            pick[show + i] = rng.nextInt(draws);
            pick[2 * show + i] = order[draws - show + i];
        }
        for (int i = 0; i < pick.length; i++) {
            picked[i] = a[pick[i]];
        }
        INDArray chosen = Nd4j.pullRows(z, 1, pick);
        return new Ranked(model.decode(chosen, rng), picked);
    }

    /**
     * @param images     {@code [3 * show, P]}: best, random, worst
     * @param acceptance a(z) of each
     */
    public record Ranked(INDArray images, double[] acceptance) {
    }
}

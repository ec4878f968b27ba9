package org.vaepriors.ncp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.io.Json;
import org.vaepriors.math.Estimate;
import org.vaepriors.nn.Noise;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.ChiSquare;

/**
 * The NCP prior against closed forms: a standard Gaussian base reweighted by r(z) = exp(a.z + c) is
 * N(z; a, I) with Z = exp(|a|^2 / 2 + c); a constant r leaves the base prior unchanged with log Z = c.
 */
class NoiseContrastivePriorTest {
    /** log r(z) = a.z + c. */
    record LinearRatio(double[] a, double c) implements LogDensityRatio {
        @Override
        public int latentDim() {
            return a.length;
        }

        @Override
        public double[] logRatio(INDArray z) {
            double[] m = rowMajor(z);
            double[] out = new double[m.length / a.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = c;
                for (int j = 0; j < a.length; j++) {
                    out[i] += a[j] * m[i * a.length + j];
                }
            }
            return out;
        }

        @Override
        public SDVariable logRatio(SameDiff sd, SDVariable z, String prefix) {
            SDVariable w = sd.constant(prefix + "/a", Nd4j.create(a, new long[]{a.length, 1}, DataType.DOUBLE).castTo(z.dataType()));
            return sd.reshape(z.mmul(w), -1).add(c);
        }
    }

    /** A standard Gaussian base prior over d dimensions, in a (tiny, untrained) model's graph. */
    static ContinuousVae base(int d) {
        return ContinuousVae.build(new ContinuousVae.Spec(2, d, 4, 1), new StandardGaussianPrior.Spec(), DataType.DOUBLE, 1);
    }

    static NoiseContrastivePrior.Spec spec(int proposals) {
        return new NoiseContrastivePrior.Spec(new StandardGaussianPrior.Spec(), 8, 2, 10, 16, 1e-3, 1000, proposals);
    }

    /** log p_NCP at the rows of z, through the graph. */
    static double[] logProb(ContinuousVae vae, Prior prior, double[][] z) {
        SameDiff sd = vae.graph();
        String name = "zTest" + System.nanoTime();
        SDVariable out = prior.logDensity(sd, sd.placeHolder(name, DataType.DOUBLE, -1, z[0].length), null).exact();
        return sd.output(java.util.Map.of(name, Nd4j.create(z)), out.name()).get(out.name()).toDoubleVector();
    }

    /** The entries of a matrix in row-major order (toDoubleMatrix is slow for a million rows). */
    static double[] rowMajor(INDArray z) {
        return z.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    static double logStandardNormal(double[] z) {
        double s = 0;
        for (double v : z) {
            s += -0.5 * Math.log(2 * Math.PI) - v * v / 2;
        }
        return s;
    }

    @Test
    void aConstantClassifierLeavesTheBasePriorAndLogZIsTheConstant() {
        ContinuousVae vae = base(3);
        LinearRatio constant = new LinearRatio(new double[3], 1.7);
        Estimate logZ = NoiseContrastivePrior.estimateLogZ(vae.prior(), constant, 500, new SplittableRandom(1));
        assertEquals(1.7, logZ.mean(), 1e-12);
        assertEquals(0.0, logZ.standardError(), 1e-12);
        NoiseContrastivePrior ncp = new NoiseContrastivePrior(spec(5), vae.prior(), constant, logZ);
        double[][] z = Noise.gaussian(6, 3, new SplittableRandom(2), DataType.DOUBLE).muli(2).toDoubleMatrix();
        double[] lp = logProb(vae, ncp, z);
        for (int i = 0; i < z.length; i++) {
            assertEquals(logStandardNormal(z[i]), lp[i], 1e-10);
        }
    }

    @Test
    void aLinearRatioTiltsTheStandardGaussianToAShiftedOne() {
        ContinuousVae vae = base(3);
        double[] a = {0.5, -0.3, 0.2};
        double exactLogZ = (0.25 + 0.09 + 0.04) / 2 + 0.4;
        NoiseContrastivePrior ncp = new NoiseContrastivePrior(spec(5), vae.prior(), new LinearRatio(a, 0.4),
                new Estimate(exactLogZ, 0, 1));
        double[][] z = Noise.gaussian(6, 3, new SplittableRandom(3), DataType.DOUBLE).toDoubleMatrix();
        double[] lp = logProb(vae, ncp, z);
        for (int i = 0; i < z.length; i++) {
            double[] shifted = {z[i][0] - a[0], z[i][1] - a[1], z[i][2] - a[2]};
            assertEquals(logStandardNormal(shifted), lp[i], 1e-10);
        }
    }

    /** Z = E_p[exp(a.z)] = exp(|a|^2 / 2), and Z = E_p[exp(-b |z|^2 / 2)] = (1 + b)^(-d/2): within 4 standard errors. */
    @Test
    void theMonteCarloLogZMatchesKnownIntegrals() {
        ContinuousVae vae = base(3);
        double[] a = {0.8, -0.4, 0.3};
        Estimate linear = NoiseContrastivePrior.estimateLogZ(vae.prior(), new LinearRatio(a, 0), 200_000,
                new SplittableRandom(4));
        double exact = (0.64 + 0.16 + 0.09) / 2;
        assertTrue(linear.standardError() > 0 && linear.standardError() < 0.01, linear.toString());
        assertEquals(exact, linear.mean(), 4 * linear.standardError(), linear.toString());

        double b = 0.5;
        LogDensityRatio quadratic = new LogDensityRatio() {
            @Override
            public int latentDim() {
                return 3;
            }

            @Override
            public double[] logRatio(INDArray z) {
                double[] m = rowMajor(z);
                double[] out = new double[m.length / 3];
                for (int i = 0; i < out.length; i++) {
                    out[i] = -b * (m[3 * i] * m[3 * i] + m[3 * i + 1] * m[3 * i + 1] + m[3 * i + 2] * m[3 * i + 2]) / 2;
                }
                return out;
            }

            @Override
            public SDVariable logRatio(SameDiff sd, SDVariable z, String prefix) {
                throw new UnsupportedOperationException("not needed here");
            }
        };
        Estimate q = NoiseContrastivePrior.estimateLogZ(vae.prior(), quadratic, 200_000, new SplittableRandom(5));
        assertEquals(-1.5 * Math.log(1 + b), q.mean(), 4 * q.standardError(), q.toString());
    }

    /**
     * Sampling-importance-resampling from N(0, I) tilted by exp(a.z) must give N(a, I): each coordinate's
     * 20 equiprobable bins under N(a_j, 1) pass Pearson's chi-squared test at p = 0.001 (statistic below
     * 43.8 with 19 degrees of freedom), at a fixed seed, with 5,000 samples from 200 proposals each.
     */
    @Test
    void resamplingReproducesTheTiltedDensity() {
        ContinuousVae vae = base(2);
        double[] a = {1.0, -0.5};
        NoiseContrastivePrior ncp = new NoiseContrastivePrior(spec(200), vae.prior(), new LinearRatio(a, 0),
                new Estimate(0.625, 0, 1));
        int n = 5000;
        double[] s = rowMajor(ncp.sample(n, new SplittableRandom(6)));
        for (int j = 0; j < 2; j++) {
            int[] counts = new int[20];
            for (int i = 0; i < n; i++) {
                double u = normalCdf(s[2 * i + j] - a[j]);
                counts[Math.min(19, (int) (u * 20))]++;
            }
            double chi2 = 0;
            for (int c : counts) {
                chi2 += (c - n / 20.0) * (c - n / 20.0) / (n / 20.0);
            }
            assertTrue(chi2 < ChiSquare.critical(counts.length - 1, 0.001), "coordinate " + j + ": chi-squared " + chi2 + " for counts " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void specValidatesAndRoundTripsThroughJson() {
        NoiseContrastivePrior.Spec paper = NoiseContrastivePrior.Spec.paper();
        assertEquals(paper, Json.read(Json.write(paper), PriorSpec.class));
        assertEquals(20_000, paper.logZSamples());
        assertThrows(IllegalArgumentException.class, () -> paper.withLogZSamples(1));
        assertThrows(IllegalArgumentException.class, () -> new NoiseContrastivePrior.Spec(paper, 8, 2, 10, 16, 1e-3, 100, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContinuousVae.build(new ContinuousVae.Spec(2, 2, 4, 1), paper, DataType.DOUBLE, 1));
        assertTrue(e.getMessage().contains("NcpRun"), e.getMessage());
    }

    /** The standard normal CDF by the Abramowitz-Stegun 7.1.26 erf approximation (error below 1.5e-7). */
    static double normalCdf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x / 2);
        return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
    }
}

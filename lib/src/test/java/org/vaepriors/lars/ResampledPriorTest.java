package org.vaepriors.lars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.Noise;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.testing.ChiSquare;

/**
 * The resampled prior against its mathematics (Bauer &amp; Mnih, Eq. 3-4, Algorithm 1): the limits in T,
 * normalisation by quadrature, the training estimate of Z by hand, and the sampler's distribution.
 */
class ResampledPriorTest {
    private static final int D = 2;

    /** A 2-D prior with a fixed random acceptance network, its density output and training branch. */
    private static final class Fixture {
        final SameDiff sd = SameDiff.create();
        final ResampledPrior prior;
        final SDVariable logP;
        final SDVariable training;

        Fixture(ResampledPrior.Spec spec) {
            prior = ResampledPrior.standalone(spec, D, new Layers.Builder(sd, DataType.DOUBLE, new SplittableRandom(5)));
            SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, D);
            SDVariable logQ = sd.placeHolder("logQ", DataType.DOUBLE, -1);
            LogDensity density = prior.logDensity(sd, z, logQ);
            logP = density.exact().rename("logP");
            training = density.training().rename("training");
            training.mean().neg().rename("loss");
            sd.setLossVariables("loss");
        }

        double[] logP(double[][] pts) {
            Map<String, INDArray> f = new HashMap<>(prior.evaluationFeed());
            f.put("z", Nd4j.create(pts));
            return sd.output(f, "logP").get("logP").toDoubleVector();
        }
    }

    private static ResampledPrior.Spec spec(int t) {
        return ResampledPrior.Spec.paperDefaults().withHidden(10, 10).withTruncation(t).withEvaluationSamples(1 << 21);
    }

    private static double[][] grid(double lo, double hi, int n) {
        double[][] pts = new double[n * n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                pts[i * n + j] = new double[]{lo + (hi - lo) * (i + 0.5) / n, lo + (hi - lo) * (j + 0.5) / n};
            }
        }
        return pts;
    }

    private static double logStdNormal(double[] z) {
        return -0.5 * (z[0] * z[0] + z[1] * z[1]) - Math.log(2 * Math.PI);
    }

    @Test
    void truncationOneIsTheProposal() {
        Fixture f = new Fixture(spec(1));
        double[][] pts = Noise.gaussian(50, D, new SplittableRandom(1), DataType.DOUBLE).mul(2).toDoubleMatrix();
        double[] lp = f.logP(pts);
        for (int i = 0; i < pts.length; i++) {
            assertEquals(logStdNormal(pts[i]), lp[i], 1e-9);
        }
    }

    @Test
    void untruncatedIsProposalTimesAcceptanceOverZ() {
        Fixture f = new Fixture(spec(ResampledPrior.UNTRUNCATED));
        double[][] pts = Noise.gaussian(50, D, new SplittableRandom(2), DataType.DOUBLE).toDoubleMatrix();
        double[] lp = f.logP(pts);
        double[] a = f.prior.acceptance(Nd4j.create(pts));
        double z = f.prior.normalizer().mean();
        for (int i = 0; i < pts.length; i++) {
            assertEquals(logStdNormal(pts[i]) + Math.log(a[i]) - Math.log(z), lp[i], 1e-9);
        }
        // and a very large T tends to it: alpha = (1 - Z)^(T-1) vanishes
        Fixture big = new Fixture(spec(100_000));
        double[] lpBig = big.logP(pts);
        for (int i = 0; i < pts.length; i++) {
            assertEquals(lp[i], lpBig[i], 1e-9);
        }
    }

    @Test
    void truncatedDensityIntegratesToOne() {
        for (int t : new int[]{2, 10, ResampledPrior.UNTRUNCATED}) {
            Fixture f = new Fixture(spec(t));
            int n = 400;
            double lo = -7;
            double hi = 7;
            double cell = Math.pow((hi - lo) / n, 2);
            double[][] pts = grid(lo, hi, n);
            double[] lp = f.logP(pts);
            double[] a = f.prior.acceptance(Nd4j.create(pts));
            double integral = 0;
            double zGrid = 0;
            for (int i = 0; i < pts.length; i++) {
                integral += Math.exp(lp[i]) * cell;
                zGrid += Math.exp(logStdNormal(pts[i])) * a[i] * cell;
            }
            // Z by Monte Carlo (2^21 draws) agrees with Z by quadrature; the density integrates to 1 up to
            // the Monte Carlo error of Z (relative standard error ~1e-4 here) and the midpoint rule (~1e-6)
            var est = f.prior.normalizer();
            assertEquals(zGrid, est.mean(), 5 * est.standardError() + 1e-6, "Z for T = " + t);
            assertEquals(1.0, integral, 2e-3, "integral of p_T for T = " + t);
        }
    }

    @Test
    void trainingEstimateFollowsAlgorithmOneByHand() {
        double eps = 0.01;
        int s = 64;
        Fixture f = new Fixture(spec(ResampledPrior.UNTRUNCATED).withTrainingSamples(s).withSmoothing(eps));
        SplittableRandom rng = new SplittableRandom(9);
        double[][] zr = Noise.gaussian(5, D, rng, DataType.DOUBLE).toDoubleMatrix();
        double[] logQ = {-1.0, -2.5, 0.3, -4.0, -1.7};
        Map<String, INDArray> feed = new HashMap<>(f.prior.trainingFeed(
                new org.vaepriors.prior.TrainingBatch(Nd4j.zeros(5, 1), null, new SplittableRandom(4))));
        feed.put("z", Nd4j.create(zr));
        feed.put("logQ", Nd4j.createFromArray(logQ));
        double[] as = f.prior.acceptance(feed.get(ResampledPrior.PROPOSAL_SAMPLES));
        double[] ar = f.prior.acceptance(Nd4j.create(zr));
        double sumA = 0;
        double sumDa = 0;
        for (double v : as) {
            sumA += v;
            sumDa += v * (1 - v);
        }
        double moving = ResampledPrior.INITIAL_Z;
        double loss = 0;
        double grad = 0;
        double meanSmooth = 0;
        for (int r = 0; r < zr.length; r++) {
            double w = Math.exp(logStdNormal(zr[r]) - logQ[r]);
            double cur = (sumA + w * ar[r]) / (s + 1);
            double smooth = (1 - eps) * moving + eps * cur;
            meanSmooth += smooth / zr.length;
            loss -= (logStdNormal(zr[r]) + Math.log(ar[r]) - Math.log(smooth)) / zr.length;
            // d/d(output bias): d log a = 1 - a; the straight-through d log Z = dZ_cur / Z_smooth
            double dCur = (sumDa + w * ar[r] * (1 - ar[r])) / (s + 1);
            grad -= ((1 - ar[r]) - dCur / smooth) / zr.length;
        }
        var out = f.sd.calculateGradientsAndOutputs(feed, List.of("loss", ResampledPrior.Z_SMOOTH), List.of("prior/lars/aOut/b"));
        assertEquals(loss, out.getOutputs().get("loss").getDouble(0), 1e-10);
        assertEquals(grad, out.getGradients().get("prior/lars/aOut/b").getDouble(0), 1e-10);
        f.prior.afterStep(Map.of(ResampledPrior.Z_SMOOTH, out.getOutputs().get(ResampledPrior.Z_SMOOTH)));
        assertEquals(meanSmooth, f.prior.movingAverage(), 1e-12);
        assertEquals(meanSmooth, f.prior.state().movingZ(), 1e-12);
    }

    @Test
    void rejectionSamplerMatchesTheTruncatedDensity() {
        int t = 3;
        Fixture f = new Fixture(spec(t));
        int n = 20_000;
        double[][] z = f.prior.sample(n, new SplittableRandom(17)).toDoubleMatrix();
        // cells: a 6x6 grid on [-3, 3]^2 and one cell for the rest; expected counts by quadrature of p_T
        int k = 6;
        double[] observed = new double[k * k + 1];
        for (double[] p : z) {
            observed[cell(p, k)]++;
        }
        int m = 300;
        double[][] pts = grid(-8, 8, m);
        double[] lp = f.logP(pts);
        double area = Math.pow(16.0 / m, 2);
        double[] expected = new double[k * k + 1];
        double total = 0;
        for (int i = 0; i < pts.length; i++) {
            double pr = Math.exp(lp[i]) * area;
            expected[cell(pts[i], k)] += pr;
            total += pr;
        }
        double chi2 = 0;
        for (int c = 0; c < expected.length; c++) {
            double e = expected[c] / total * n;
            chi2 += (observed[c] - e) * (observed[c] - e) / e;
        }
        assertTrue(chi2 < ChiSquare.critical(expected.length - 1, 0.001), "chi-square " + chi2 + " over 37 cells");
    }

    private static int cell(double[] p, int k) {
        if (Math.abs(p[0]) >= 3 || Math.abs(p[1]) >= 3) {
            return k * k;
        }
        return (int) ((p[0] + 3) / 6 * k) * k + (int) ((p[1] + 3) / 6 * k);
    }

    @Test
    void badSpecsAreRefusedWithTheFix() {
        var d = ResampledPrior.Spec.paperDefaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withTruncation(0)).getMessage().contains("T must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withTrainingSamples(0)).getMessage().contains("S must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withHidden()).getMessage().contains("at least one layer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withHidden(10, 0)).getMessage().contains(">= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSmoothing(0)).getMessage().contains("(0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withProposal(d)).getMessage().contains("cannot itself"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withEvaluationSamples(1)).getMessage().contains(">= 2"));
    }

    @Test
    void specSurvivesJson() {
        PriorSpec s = ResampledPrior.Spec.paperDefaults().withHidden(10, 10).withTruncation(ResampledPrior.UNTRUNCATED);
        assertEquals(s, org.vaepriors.io.Json.read(org.vaepriors.io.Json.write(s), PriorSpec.class));
    }
}

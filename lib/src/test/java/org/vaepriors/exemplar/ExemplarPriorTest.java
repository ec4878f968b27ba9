package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.io.Json;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.testing.Tiny;
import org.vaepriors.train.GradientStep;

/**
 * The Exemplar prior against its definition computed in plain double-precision Java: the exact mixture,
 * leave-one-out with duplicates, the retrieval bound, the cache's bookkeeping, and the learned variance.
 */
class ExemplarPriorTest {
    static final ImageSet DATA = Tiny.images(12, 3, 5);
    static final int D = 2;

    static VaeModel<ExemplarPrior> model(ImageSet data, ExemplarPrior.Spec spec) {
        return VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, D, 6), spec, data, DataType.DOUBLE, 3);
    }

    static ExemplarPrior prior(VaeModel<ExemplarPrior> m) {
        return m.prior();
    }

    static INDArray x(ImageSet data) {
        return Tiny.binary(data, DataType.DOUBLE);
    }

    static double logIsotropic(double[] z, double[] m, double logVar) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            s += -0.5 * (Math.log(2 * Math.PI) + logVar + (z[j] - m[j]) * (z[j] - m[j]) / Math.exp(logVar));
        }
        return s;
    }

    /** log sum_j exp(a_j), for the reference computations. */
    static double logSumExp(double[] a) {
        double max = Arrays.stream(a).max().orElseThrow();
        return max + Math.log(Arrays.stream(a).map(v -> Math.exp(v - max)).sum());
    }

    /** The z the graph sampled: mu + exp(logVar / 2) eps. */
    static double[][] sampledZ(VaeModel<?> m, Map<String, INDArray> feed) {
        Map<String, INDArray> out = m.output(feed, GraphNames.MU, GraphNames.LOG_VAR);
        double[][] mu = out.get(GraphNames.MU).toDoubleMatrix();
        double[][] lv = out.get(GraphNames.LOG_VAR).toDoubleMatrix();
        double[][] eps = feed.get(GraphNames.EPS).toDoubleMatrix();
        double[][] z = new double[mu.length][D];
        for (int i = 0; i < mu.length; i++) {
            for (int j = 0; j < D; j++) {
                z[i][j] = mu[i][j] + Math.exp(lv[i][j] / 2) * eps[i][j];
            }
        }
        return z;
    }

    /** log (1/|drawn minus own|) sum over components not equal to own of N(z; m_c, sigma^2 I). */
    static double reference(double[] z, double[][] means, int[] components, int[] drawn, int own, double logVar) {
        double[] terms = IntStream.of(components).filter(c -> c != own)
                .mapToDouble(c -> logIsotropic(z, means[c], logVar)).toArray();
        long left = IntStream.of(drawn).filter(c -> c != own).count();
        return logSumExp(terms) - Math.log(left);
    }

    @Test
    void evaluationIsTheExactMixtureOverAllExemplars() {
        VaeModel<ExemplarPrior> m = model(DATA, ExemplarPrior.Spec.paper());
        m.graph().getArrForVarName(ExemplarPrior.LOG_VAR).assign(-0.7);
        Map<String, INDArray> feed = m.feed(x(DATA), new SplittableRandom(2), 1);
        double[][] z = sampledZ(m, feed);
        double[] lp = m.output(feed, GraphNames.LOG_PZ).get(GraphNames.LOG_PZ).toDoubleVector();
        double[][] means = prior(m).allMeans().toDoubleMatrix();
        for (int i = 0; i < z.length; i++) {
            int row = i;
            double[] terms = IntStream.range(0, DATA.size()).mapToDouble(n -> logIsotropic(z[row], means[n], -0.7)).toArray();
            assertEquals(logSumExp(terms) - Math.log(DATA.size()), lp[i], 1e-10);
        }
    }

    @Test
    void oneExemplarIsOneGaussian() {
        ImageSet one = DATA.limit(1);
        VaeModel<ExemplarPrior> m = model(one, ExemplarPrior.Spec.paper());
        m.graph().getArrForVarName(ExemplarPrior.LOG_VAR).assign(0.3);
        Map<String, INDArray> feed = m.feed(x(DATA), new SplittableRandom(2), 1);
        double[][] z = sampledZ(m, feed);
        double[] lp = m.output(feed, GraphNames.LOG_PZ).get(GraphNames.LOG_PZ).toDoubleVector();
        INDArray img = Nd4j.create(one.pixels(), new long[]{1, one.dim()}, 'c').castTo(DataType.DOUBLE);
        double[] mean = prior(m).encode(img).toDoubleMatrix()[0];
        for (int i = 0; i < z.length; i++) {
            assertEquals(logIsotropic(z[i], mean, 0.3), lp[i], 1e-10);
        }
    }

    @Test
    void leaveOneOutMasksEveryCopyAndCountsThem() {
        // components 3, 3, 7, 5 drawn from 3, 3, 7, 5, 9: example 0 is exemplar 3 (two copies), example 1 is 5
        var loo = ExemplarPrior.LeaveOneOut.of(new int[]{3, 5, 8}, new int[]{3, 3, 7, 5}, new int[]{3, 3, 7, 5, 9}, 3);
        double x = ExemplarPrior.EXCLUDED;
        assertArrayEquals(new double[]{x, x, 0, 0, 0, 0, 0, x, 0, 0, 0, 0}, loo.mask());
        assertArrayEquals(new double[]{Math.log(3), Math.log(4), Math.log(5)}, loo.logCount(), 1e-15);
        var none = ExemplarPrior.LeaveOneOut.of(null, new int[]{3, 3}, new int[]{3, 3}, 2);
        assertArrayEquals(new double[4], none.mask());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ExemplarPrior.LeaveOneOut.of(new int[]{4}, new int[]{4, 4}, new int[]{4, 4}, 1));
        assertTrue(e.getMessage().contains("leave-one-out"), e.getMessage());
    }

    @Test
    void exactTrainingBranchIsTheLeaveOneOutSubsampledMixture() {
        VaeModel<ExemplarPrior> m = model(DATA, ExemplarPrior.Spec.exact(0.5));
        m.graph().getArrForVarName(ExemplarPrior.LOG_VAR).assign(-0.4);
        int[] own = IntStream.range(0, DATA.size()).toArray();
        Map<String, INDArray> feed = m.trainingFeed(x(DATA), own, new SplittableRandom(4), 1);
        feed.putAll(prior(m).evaluationFeed());
        int[] drawn = prior(m).lastDrawn();
        assertEquals(6, drawn.length);
        assertArrayEquals(drawn, prior(m).lastUnion());
        double[][] z = sampledZ(m, feed);
        double[][] means = prior(m).allMeans().toDoubleMatrix();
        Map<String, INDArray> out = m.output(feed, GraphNames.KL, GraphNames.KL_TRAINING, GraphNames.LOG_PZ);
        double[] gap = out.get(GraphNames.KL_TRAINING).sub(out.get(GraphNames.KL)).toDoubleVector();
        double[] logPz = out.get(GraphNames.LOG_PZ).toDoubleVector();
        for (int i = 0; i < z.length; i++) {
            // KL_training - KL = log p(z) - log p_train(z)
            double train = reference(z[i], means, drawn, drawn, own[i], -0.4);
            assertEquals(logPz[i] - train, gap[i], 1e-9);
        }
    }

    @Test
    void retrievalMixtureIsALowerBoundOfTheExactSubsampledOne() {
        VaeModel<ExemplarPrior> m = model(DATA, new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.75, 2));
        int[] own = {0, 1, 2};
        prior(m).beginEpoch(1);
        Map<String, INDArray> feed = m.trainingFeed(x(DATA.limit(3)), own, new SplittableRandom(6), 1);
        feed.putAll(prior(m).evaluationFeed());
        int[] drawn = prior(m).lastDrawn();
        int[] union = prior(m).lastUnion();
        Set<Integer> drawnSet = new HashSet<>();
        for (int d : drawn) {
            drawnSet.add(d);
        }
        assertTrue(union.length < drawn.length, "the union should be a strict subset here: " + Arrays.toString(union));
        assertTrue(IntStream.of(union).allMatch(drawnSet::contains));
        double[][] z = sampledZ(m, feed);
        double[][] means = prior(m).allMeans().toDoubleMatrix();
        double lv = prior(m).logVariance();
        Map<String, INDArray> out = m.output(feed, GraphNames.KL, GraphNames.KL_TRAINING, GraphNames.LOG_PZ);
        double[] gap = out.get(GraphNames.KL_TRAINING).sub(out.get(GraphNames.KL)).toDoubleVector();
        double[] logPz = out.get(GraphNames.LOG_PZ).toDoubleVector();
        for (int i = 0; i < z.length; i++) {
            double retrieval = logPz[i] - gap[i];
            assertEquals(reference(z[i], means, union, drawn, own[i], lv), retrieval, 1e-9);
            double exact = reference(z[i], means, drawn, drawn, own[i], lv);
            assertTrue(retrieval <= exact + 1e-12, "row " + i + ": retrieval " + retrieval + " > exact " + exact);
        }
    }

    @Test
    void retrievedNeighboursAreTheNearestDrawnMeans() {
        VaeModel<ExemplarPrior> m = model(DATA, new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.75, 2));
        prior(m).beginEpoch(1);
        int[] own = {0, 1, 2};
        INDArray batch = x(DATA.limit(3));
        m.trainingFeed(batch, own, new SplittableRandom(8), 1);
        double[][] cached = prior(m).allMeans().toDoubleMatrix(); // cache = all means: parameters unchanged
        double[][] q = prior(m).encode(batch).toDoubleMatrix();
        Set<Integer> union = new HashSet<>();
        for (int u : prior(m).lastUnion()) {
            union.add(u);
        }
        for (int i = 0; i < own.length; i++) {
            int row = i;
            int[] nearest = IntStream.of(prior(m).lastDrawn()).filter(c -> c != own[row]).boxed()
                    .sorted((a, b) -> Double.compare(dist(q[row], cached[a]), dist(q[row], cached[b])))
                    .limit(2).mapToInt(Integer::intValue).toArray();
            for (int c : nearest) {
                assertTrue(union.contains(c), "neighbour " + c + " of example " + i + " missing from " + union);
            }
        }
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }

    @Test
    void cacheHoldsTheMeansOfTheParametersEachRowWasLastEncodedWith() {
        VaeModel<ExemplarPrior> m = model(DATA, new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.5, 2));
        GradientStep step = Tiny.step(m, DATA, 1e-2);
        prior(m).beginEpoch(1);
        double[][] before = prior(m).allMeans().toDoubleMatrix();
        Tiny.run(step, new int[]{0, 1, 2, 3}, 1);
        Set<Integer> first = new HashSet<>(Set.of(0, 1, 2, 3));
        IntStream.of(prior(m).lastUnion()).forEach(first::add);
        double[][] middle = prior(m).allMeans().toDoubleMatrix(); // after the first update
        Tiny.run(step, new int[]{4, 5}, 2);
        Set<Integer> second = new HashSet<>(Set.of(4, 5));
        IntStream.of(prior(m).lastUnion()).forEach(second::add);
        for (int n = 0; n < DATA.size(); n++) {
            double[] expected = second.contains(n) ? middle[n] : before[n];
            float[] got = prior(m).cache().get(n);
            for (int j = 0; j < D; j++) {
                assertEquals(expected[j], got[j], 1e-6, "row " + n);
            }
        }
        assertNotEquals(before[0][0], middle[0][0], "the first step changed the encoder");
    }

    /** The benchmark's parts of retrieval are measured inside it: each took time, together no more than all of it. */
    @Test
    void retrievalTimeHoldsItsQueryEncodingAndSearch() {
        VaeModel<ExemplarPrior> m = model(DATA, new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.5, 2));
        GradientStep step = Tiny.step(m, DATA, 1e-2);
        prior(m).beginEpoch(1);
        Tiny.run(step, new int[]{0, 1, 2, 3}, 1);
        Tiny.run(step, new int[]{4, 5}, 2);
        ExemplarPrior p = prior(m);
        assertTrue(p.queryEncodingSeconds() > 0 && p.searchSeconds() > 0, p.queryEncodingSeconds() + ", " + p.searchSeconds());
        assertTrue(p.queryEncodingSeconds() + p.searchSeconds() <= p.retrievalSeconds(),
                p.queryEncodingSeconds() + " + " + p.searchSeconds() + " > " + p.retrievalSeconds());
    }

    @Test
    void varianceReceivesAGradientAndMoves() {
        // posterior samples spread ~1 around the means: sigma^2 = e^-4 is far too small and must grow
        VaeModel<ExemplarPrior> m = model(DATA, ExemplarPrior.Spec.exact(1.0));
        m.graph().getArrForVarName(ExemplarPrior.LOG_VAR).assign(-4);
        int[] own = IntStream.range(0, DATA.size()).toArray();
        var grads = m.graph().calculateGradients(m.trainingFeed(x(DATA), own, new SplittableRandom(1), 1),
                ExemplarPrior.LOG_VAR);
        assertTrue(grads.get(ExemplarPrior.LOG_VAR).getDouble(0) < -1, "d loss / d log sigma^2 = " + grads);
        GradientStep step = Tiny.step(m, DATA, 5e-2);
        for (int s = 0; s < 30; s++) {
            Tiny.run(step, own, s);
        }
        assertTrue(prior(m).logVariance() > -3, "log sigma^2 = " + prior(m).logVariance());
    }

    @Test
    void samplesFollowTheMixture() {
        VaeModel<ExemplarPrior> m = model(DATA, ExemplarPrior.Spec.paper());
        m.graph().getArrForVarName(ExemplarPrior.LOG_VAR).assign(Math.log(0.04));
        int n = 20_000;
        double[][] z = prior(m).sample(n, new SplittableRandom(3)).toDoubleMatrix();
        double[][] means = prior(m).allMeans().toDoubleMatrix();
        double[] meanOfMeans = new double[D];
        for (double[] mu : means) {
            for (int j = 0; j < D; j++) {
                meanOfMeans[j] += mu[j] / means.length;
            }
        }
        for (int j = 0; j < D; j++) {
            double mean = 0;
            for (double[] r : z) {
                mean += r[j] / n;
            }
            double var = 0;
            for (double[] mu : means) {
                var += (mu[j] - meanOfMeans[j]) * (mu[j] - meanOfMeans[j]) / means.length;
            }
            var += 0.04;
            // five standard errors of the sample mean
            assertEquals(meanOfMeans[j], mean, 5 * Math.sqrt(var / n));
        }
    }

    @Test
    void specsAreCheckedAndSerialised() {
        assertThrows(IllegalArgumentException.class, () -> new ExemplarPrior.Spec(ExemplarPrior.Mode.EXACT, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExemplarPrior.Spec(ExemplarPrior.Mode.EXACT, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.5, 0));
        VaeModel<?> tiny = model(DATA.limit(3), ExemplarPrior.Spec.exact(0.3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny.trainingFeed(x(DATA.limit(3)), new int[]{0, 1, 2}, new SplittableRandom(1), 1));
        assertTrue(e.getMessage().contains("M >= 2"), e.getMessage());
        PriorSpec s = ExemplarPrior.Spec.paper();
        assertEquals(s, Json.read(Json.write(s), PriorSpec.class));
        assertEquals(25_000, ExemplarPrior.Spec.paper().exemplarsPerStep(50_000));
    }
}

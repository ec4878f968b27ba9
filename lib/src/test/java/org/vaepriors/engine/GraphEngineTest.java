package org.vaepriors.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.exemplar.ExemplarPrior;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StepHooks;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.vampprior.VampPrior;
import org.vaepriors.testing.Tiny;

/**
 * The engine's replay gives SameDiff's numbers: for every architecture with every prior, the training
 * step's outputs and gradients and the evaluation outputs, replayed, equal a plain SameDiff call on the
 * same feed: bit for bit in double precision (the same native ops on the same arrays in the same order),
 * to float rounding in single precision (where sigmoid, tanh, softplus and exp run as oneDNN primitives),
 * with op outputs sharing arrays.
 */
class GraphEngineTest {

    static Stream<Arguments> graphs() {
        PriorSpec<?>[] priors = {new StandardGaussianPrior.Spec(), new MixtureOfGaussiansPrior.Spec(3), VampPrior.Spec.of(3),
                VampPrior.Spec.of(4).withSubsampling(0.5), ExemplarPrior.Spec.exact(0.5),
                new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.5, 2),
                ResampledPrior.Spec.paperDefaults().withHidden(4, 3).withTrainingSamples(8).withEvaluationSamples(64)};
        Stream.Builder<Arguments> b = Stream.builder();
        for (ArchitectureSpec.Kind kind : ArchitectureSpec.Kind.values()) {
            for (PriorSpec<?> p : priors) {
                if (kind != ArchitectureSpec.Kind.CONV_HVAE || p instanceof StandardGaussianPrior.Spec
                        || p instanceof VampPrior.Spec v && !v.subsampled()) {
                    b.add(Arguments.of(kind, p));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("graphs")
    void replayedStepsAndEvaluationsEqualSameDiffInFloat(ArchitectureSpec.Kind kind, PriorSpec<?> prior) {
        compare(kind, prior, DataType.FLOAT);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("graphs")
    void replayedStepsAndEvaluationsEqualSameDiffBitwiseInDouble(ArchitectureSpec.Kind kind, PriorSpec<?> prior) {
        compare(kind, prior, DataType.DOUBLE);
    }

    private static void compare(ArchitectureSpec.Kind kind, PriorSpec prior, DataType dtype) {
        int side = kind == ArchitectureSpec.Kind.CONV_HVAE ? 8 : 3;
        ImageSet data = Tiny.images(6, side, 1);
        VaeModel<?> m = VaeModel.build(Tiny.arch(kind, side, 2, 5), prior, data, dtype, 7);
        INDArray x = Tiny.binary(data, dtype);
        Map<String, INDArray> feed = m.trainingFeed(x, IntStream.range(0, 6).toArray(), new SplittableRandom(3), 0.7);
        List<String> outputs = new ArrayList<>(List.of(GraphNames.LOSS, GraphNames.LOG_PX, m.trainingKl()));
        if (m.prior() instanceof StepHooks hooks) {
            outputs.addAll(hooks.stepOutputs());
        }
        GraphEngine engine = new GraphEngine(m.graph());
        engine.gradientsAndOutputs(feed, outputs, m.parameterNames());
        OutAndGrad replayed = engine.gradientsAndOutputs(feed, outputs, m.parameterNames());
        OutAndGrad plain = m.graph().calculateGradientsAndOutputs(feed, outputs, m.parameterNames());
        assertEquals(2, engine.replayedCalls(), "the first call is traced and replayed, the second replayed");
        assertEquals(dtype == DataType.FLOAT, engine.oneDnnOps() > 0, "oneDNN runs the float graph's sigmoids");
        assertClose(plain.getOutputs(), replayed.getOutputs(), dtype);
        assertClose(plain.getGradients(), replayed.getGradients(), dtype);

        Map<String, INDArray> eval = m.feed(x, new SplittableRandom(4), 1.0);
        String[] names = {GraphNames.ELBO, GraphNames.LOG_PX, GraphNames.KL, GraphNames.MU, GraphNames.LOGITS};
        engine.output(eval, names);
        assertClose(m.graph().output(eval, names), engine.output(eval, names), dtype);
        assertEquals(4, engine.replayedCalls());
        long[] bytes = engine.planBytes();
        assertTrue(bytes[1] < 0.8 * bytes[0], "op outputs share arrays: " + bytes[1] + " bytes of arrays for " + bytes[0]);
    }

    @Test
    void aReplacedParameterArrayRebuildsThePlan() {
        ImageSet data = Tiny.images(6, 3, 1);
        VaeModel<?> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 5), new StandardGaussianPrior.Spec(), data,
                DataType.FLOAT, 7);
        Map<String, INDArray> eval = m.feed(Tiny.binary(data, DataType.FLOAT), new SplittableRandom(4), 1.0);
        GraphEngine engine = new GraphEngine(m.graph());
        engine.output(eval, GraphNames.ELBO);
        String w = m.parameterNames().get(0);
        m.graph().getVariable(w).setArray(m.graph().getArrForVarName(w).mul(2));
        assertClose(m.graph().output(eval, GraphNames.ELBO), engine.output(eval, GraphNames.ELBO), DataType.FLOAT);
    }

    /** Equal in double; in float, every entry within 1e-4 of the tensor's largest magnitude. */
    private static void assertClose(Map<String, INDArray> expected, Map<String, INDArray> actual, DataType dtype) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            INDArray a = actual.get(e.getKey());
            INDArray b = e.getValue();
            assertTrue(a.equalShapes(b), e.getKey() + ": shapes differ");
            double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            double tol = dtype == DataType.DOUBLE ? 0 : 1e-4 * Math.max(1e-3, b.amaxNumber().doubleValue());
            assertTrue(diff <= tol, e.getKey() + ": differs by " + diff + " (tolerance " + tol + ")");
        }
    }

    @Test
    void aRowMaximumOnOneDnnEqualsSameDiffsBitwiseAndALogSumExpOverNanIsNotFinite() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        org.nd4j.autodiff.samediff.SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 5000);
        x.max(true, 1).rename("max");
        org.vaepriors.nn.SdMath.logSumExp(sd, x, 1).rename("lse");
        org.vaepriors.nn.SdMath.logSumExpOfFewTerms(sd, x, 1).rename("few");
        float[] v = new float[167 * 5000];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(10) == 0 ? -1e9f : (float) (300 * rng.nextGaussian()); // masked and far terms
        }
        v[3 * 5000 + 17] = Float.NaN;
        INDArray in = org.vaepriors.nn.HostArrays.floats(v, 167, 5000);
        Map<String, INDArray> feed = Map.of("x", in);
        Map<String, INDArray> plain = sd.output(feed, "max", "lse");
        Map<String, INDArray> replayed = new GraphEngine(sd).output(feed, "max", "lse", "few");
        for (int r = 0; r < 167; r++) {
            if (r != 3) {
                assertEquals(plain.get("max").getFloat(r), replayed.get("max").getFloat(r), 0f, "row " + r);
                assertEquals(plain.get("lse").getFloat(r), replayed.get("lse").getFloat(r), 1e-4f, "row " + r);
                assertEquals(plain.get("lse").getFloat(r), replayed.get("few").getFloat(r), 1e-4f, "row " + r);
            }
        }
        // libnd4j keeps NaN and oneDNN's exp makes it infinite: either way the run's finiteness checks see it
        assertTrue(!Float.isFinite(replayed.get("lse").getFloat(3)) && !Float.isFinite(replayed.get("few").getFloat(3)),
                "a row holding NaN: " + replayed.get("lse").getFloat(3) + ", " + replayed.get("few").getFloat(3));
    }

    @Test
    void aProductsGradientOnOneDnnEqualsSameDiffsBitwise() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        SplittableRandom rng = new SplittableRandom(11);
        float[][] v = new float[3][500 * 300];
        for (float[] row : v) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (rng.nextGaussian() * Math.exp(4 * rng.nextGaussian()));
            }
        }
        v[0][0] = 0f;
        v[1][0] = -0f;
        org.nd4j.autodiff.samediff.SDVariable a = sd.var("a", org.vaepriors.nn.HostArrays.floats(v[0], 500, 300));
        org.nd4j.autodiff.samediff.SDVariable b = sd.var("b", org.vaepriors.nn.HostArrays.floats(v[1], 500, 300));
        org.nd4j.autodiff.samediff.SDVariable c = sd.placeHolder("c", DataType.FLOAT, 500, 300);
        sd.setLossVariables(a.mul(b).mul(c).sum().rename("loss"));
        Map<String, INDArray> feed = Map.of("c", org.vaepriors.nn.HostArrays.floats(v[2], 500, 300));
        OutAndGrad plain = sd.calculateGradientsAndOutputs(feed, List.of("loss"), List.of("a", "b"));
        GraphEngine engine = new GraphEngine(sd);
        OutAndGrad replayed = engine.gradientsAndOutputs(feed, List.of("loss"), List.of("a", "b"));
        assertTrue(engine.oneDnnOps() >= 4, "the products and their two gradients run on oneDNN");
        for (String name : List.of("a", "b")) {
            assertTrue(plain.getGradients().get(name).equals(replayed.getGradients().get(name)), name + "'s gradient");
            float[] p = org.vaepriors.nn.HostArrays.toFloats(plain.getGradients().get(name));
            float[] r = org.vaepriors.nn.HostArrays.toFloats(replayed.getGradients().get(name));
            for (int i = 0; i < p.length; i++) {
                assertEquals(Float.floatToRawIntBits(p[i]), Float.floatToRawIntBits(r[i]), name + " element " + i);
            }
        }
    }
    @Test
    void productsAreCountedAtTwoMnkEachAndAGradientNothingReadsIsNeitherFormedNorCounted() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        int m = 7, k = 5, n = 4, p = 3;
        SplittableRandom rng = new SplittableRandom(5);
        org.nd4j.autodiff.samediff.SDVariable x = sd.placeHolder("x", DataType.FLOAT, m, k);
        org.nd4j.autodiff.samediff.SDVariable w = sd.var("w", org.vaepriors.nn.HostArrays.floats(gaussians(k * n, rng), k, n));
        org.nd4j.autodiff.samediff.SDVariable v = sd.var("v", org.vaepriors.nn.HostArrays.floats(gaussians(n * p, rng), n, p));
        org.nd4j.autodiff.samediff.SDVariable c = sd.placeHolder("c", DataType.FLOAT, m, p);
        sd.setLossVariables(sd.math().tanh(x.mmul(w)).mmul(v).mul(c).sum().rename("loss"));
        sd.createGradFunction(); // as the library's models do when they build their graph
        Map<String, INDArray> feed = Map.of("x", org.vaepriors.nn.HostArrays.floats(gaussians(m * k, rng), m, k),
                "c", org.vaepriors.nn.HostArrays.floats(gaussians(m * p, rng), m, p));
        GraphEngine engine = new GraphEngine(sd);
        engine.gradientsAndOutputs(feed, List.of("loss"), List.of("w", "v"));
        long before = ProductFlops.total();
        engine.gradientsAndOutputs(feed, List.of("loss"), List.of("w", "v"));
        // forward x w and h v; backward dv = h^T dC, dh = dC v^T, dw = x^T dh; dx (data) is not formed
        assertEquals(2L * m * k * n + 2L * m * n * p + 2L * n * p * m + 2L * m * p * n + 2L * k * n * m,
                ProductFlops.total() - before);
        before = ProductFlops.total();
        engine.output(feed, "loss");
        assertEquals(2L * m * k * n + 2L * m * n * p, ProductFlops.total() - before, "the forward pass alone");
    }

    private static float[] gaussians(int n, SplittableRandom rng) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }
}

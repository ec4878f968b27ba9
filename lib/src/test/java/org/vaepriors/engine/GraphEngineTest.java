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
import org.vaepriors.prior.ExemplarPrior;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.ResampledPrior;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.prior.VampPrior;
import org.vaepriors.testing.Tiny;

/**
 * The engine's replay gives SameDiff's numbers: for every architecture with every prior, the training
 * step's outputs and gradients and the evaluation outputs, replayed, equal a plain SameDiff call on the
 * same feed bit for bit (the same native ops run on the same arrays in the same order).
 */
class GraphEngineTest {

    static Stream<Arguments> graphs() {
        PriorSpec[] priors = {new StandardGaussianPrior.Spec(), new MixtureOfGaussiansPrior.Spec(3), VampPrior.Spec.of(3),
                VampPrior.Spec.of(4).withSubsampling(0.5), ExemplarPrior.Spec.exact(0.5),
                new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.5, 2),
                ResampledPrior.Spec.paperDefaults().withHidden(4, 3).withTrainingSamples(8).withEvaluationSamples(64)};
        Stream.Builder<Arguments> b = Stream.builder();
        for (ArchitectureSpec.Kind kind : ArchitectureSpec.Kind.values()) {
            for (PriorSpec p : priors) {
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
    void replayedStepsAndEvaluationsEqualSameDiff(ArchitectureSpec.Kind kind, PriorSpec prior) {
        int side = kind == ArchitectureSpec.Kind.CONV_HVAE ? 8 : 3;
        ImageSet data = Tiny.images(6, side, 1);
        VaeModel m = VaeModel.build(Tiny.arch(kind, side, 2, 5), prior, data, DataType.FLOAT, 7);
        INDArray x = Tiny.binary(data, DataType.FLOAT);
        Map<String, INDArray> feed = m.trainingFeed(x, IntStream.range(0, 6).toArray(), new SplittableRandom(3), 0.7);
        List<String> outputs = new ArrayList<>(List.of(GraphNames.LOSS, GraphNames.LOG_PX, m.trainingKl()));
        outputs.addAll(m.prior().trainingOutputs());
        GraphEngine engine = GraphEngine.tracingFirstCall(m.graph());
        engine.gradientsAndOutputs(feed, outputs, m.parameterNames());
        OutAndGrad replayed = engine.gradientsAndOutputs(feed, outputs, m.parameterNames());
        OutAndGrad plain = m.graph().calculateGradientsAndOutputs(feed, outputs, m.parameterNames());
        assertEquals(2, engine.replayedCalls(), "the first call is traced and replayed, the second replayed");
        assertSame(plain.getOutputs(), replayed.getOutputs());
        assertSame(plain.getGradients(), replayed.getGradients());

        Map<String, INDArray> eval = m.feed(x, new SplittableRandom(4), 1.0);
        String[] names = {GraphNames.ELBO, GraphNames.LOG_PX, GraphNames.KL, GraphNames.MU, GraphNames.LOGITS};
        engine.output(eval, names);
        assertSame(m.graph().output(eval, names), engine.output(eval, names));
        assertEquals(4, engine.replayedCalls());
    }

    @Test
    void aReplacedParameterArrayRebuildsThePlan() {
        ImageSet data = Tiny.images(6, 3, 1);
        VaeModel m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 5), new StandardGaussianPrior.Spec(), data,
                DataType.FLOAT, 7);
        Map<String, INDArray> eval = m.feed(Tiny.binary(data, DataType.FLOAT), new SplittableRandom(4), 1.0);
        GraphEngine engine = GraphEngine.tracingFirstCall(m.graph());
        engine.output(eval, GraphNames.ELBO);
        String w = m.parameterNames().get(0);
        m.graph().getVariable(w).setArray(m.graph().getArrForVarName(w).mul(2));
        assertSame(m.graph().output(eval, GraphNames.ELBO), engine.output(eval, GraphNames.ELBO));
    }

    private static void assertSame(Map<String, INDArray> expected, Map<String, INDArray> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            INDArray a = actual.get(e.getKey());
            assertTrue(a.equalShapes(e.getValue()), e.getKey() + ": shapes differ");
            assertEquals(0.0, a.castTo(DataType.DOUBLE).sub(e.getValue().castTo(DataType.DOUBLE)).amaxNumber().doubleValue(),
                    0.0, e.getKey());
        }
    }
}

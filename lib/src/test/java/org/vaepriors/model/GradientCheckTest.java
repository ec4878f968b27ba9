package org.vaepriors.model;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.ImageSet;
import org.vaepriors.exemplar.ExemplarPrior;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.GradCheck;
import org.vaepriors.testing.Tiny;
import org.vaepriors.vampprior.VampPrior;

/**
 * Every graph the library builds (each architecture with each prior) against finite differences, in
 * double precision: three SameDiff ops are known to give wrong gradients in M2.1, and this is how they
 * were found.
 */
class GradientCheckTest {

    static Stream<Arguments> graphs() {
        PriorSpec[] priors = {new StandardGaussianPrior.Spec(), new MixtureOfGaussiansPrior.Spec(3), VampPrior.Spec.of(3),
                VampPrior.Spec.of(4).withSubsampling(0.5), new VampPrior.Spec(3, VampPrior.PseudoInputs.DATA, 1.0),
                ExemplarPrior.Spec.exact(0.5), new ExemplarPrior.Spec(ExemplarPrior.Mode.RETRIEVAL, 0.5, 2),
                // eps = 1: the straight-through estimate of Z is then the exact gradient of its forward value
                lars(100), lars(ResampledPrior.UNTRUNCATED)};
        Stream.Builder<Arguments> b = Stream.builder();
        for (ArchitectureSpec.Kind kind : ArchitectureSpec.Kind.values()) {
            for (PriorSpec p : priors) {
                if (kind == ArchitectureSpec.Kind.CONV_HVAE && !(p instanceof StandardGaussianPrior.Spec)
                        && !(p instanceof VampPrior.Spec v && v.subsampleFraction() == 1.0
                        && v.pseudoInputs() == VampPrior.PseudoInputs.LEARNED)) {
                    continue; // the convolutional graph is slow to check; its prior wiring is the HVAE's
                }
                b.add(Arguments.of(kind, p));
            }
        }
        return b.build();
    }

    private static PriorSpec lars(int truncation) {
        return ResampledPrior.Spec.paperDefaults().withHidden(4, 3).withTruncation(truncation).withTrainingSamples(8)
                .withSmoothing(1.0).withEvaluationSamples(64);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("graphs")
    void analyticGradientsMatchFiniteDifferences(ArchitectureSpec.Kind kind, PriorSpec prior) {
        int side = kind == ArchitectureSpec.Kind.CONV_HVAE ? 8 : 3;
        ImageSet data = Tiny.images(6, side, 1);
        VaeModel<?> m = VaeModel.build(Tiny.arch(kind, side, 2, 5), prior, data, DataType.DOUBLE, 7);
        INDArray x = Tiny.binary(data, DataType.DOUBLE);
        // the rows are the training images 0..5, so the Exemplar prior's leave-one-out is in the graph
        Map<String, INDArray> feed = m.trainingFeed(x, IntStream.range(0, 6).toArray(), new SplittableRandom(3), 0.7);
        // LARS stops the gradient of the importance weight pi(z)/q(z|x) in its training estimate of Z (Algorithm 1),
        // a deliberate departure from the loss's derivative in the top encoder's parameters only: check the others
        var params = prior instanceof ResampledPrior.Spec
                ? m.parameterNames().stream().filter(n -> !n.startsWith("q_z/") && !n.startsWith("q_z2/")).toList() : m.parameterNames();
        GradCheck.check(m.graph(), feed, GraphNames.LOSS, params,
                kind == ArchitectureSpec.Kind.CONV_HVAE ? 2 : 4, 11);
    }
}

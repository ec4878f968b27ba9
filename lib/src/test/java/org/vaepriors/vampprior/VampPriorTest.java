package org.vaepriors.vampprior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.PriorTest;
import org.vaepriors.prior.TrainingBatch;
import org.vaepriors.testing.Tiny;

/** The VampPrior against the posterior it mixes, its component sub-sampling, its spec's checks. */
class VampPriorTest {
    static final ImageSet DATA = Tiny.images(8, 3, 1);

    @Test
    void vampPriorWithOnePseudoInputIsThePosteriorAtIt() {
        VaeModel<VampPrior> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.HVAE, 3, 2, 4), VampPrior.Spec.of(1), DATA,
                DataType.DOUBLE, 5);
        INDArray u = m.prior().pseudoInputs();
        // q(z|u) computed by the same encoder through the model's own posterior output
        Map<String, INDArray> q = m.output(m.feed(u, new SplittableRandom(1), 1), GraphNames.MU, GraphNames.LOG_VAR);
        double[] mu = q.get(GraphNames.MU).toDoubleVector();
        double[] lv = q.get(GraphNames.LOG_VAR).toDoubleVector();
        for (double[] r : PriorTest.zAndLogPz(m, m.feed(Tiny.binary(DATA, DataType.DOUBLE), new SplittableRandom(2), 1))) {
            assertEquals(PriorTest.logNormal(new double[]{r[0], r[1]}, mu, lv), r[2], 1e-10);
        }
        double[] pu = u.toDoubleVector();
        for (double v : pu) {
            assertTrue(v >= 0 && v <= 1, "pseudo-inputs are clipped to [0, 1]");
        }
    }

    @Test
    void subsamplingDrawsDistinctComponentsAndEvaluationUsesAll() {
        VaeModel<VampPrior> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 4), VampPrior.Spec.of(10).withSubsampling(0.3),
                DATA, DataType.DOUBLE, 5);
        Map<String, INDArray> f = m.prior().trainingFeed(new TrainingBatch(Nd4j.zeros(1, 1), null, new SplittableRandom(4)));
        double[] mask = f.get(VampPrior.MASK).toDoubleVector();
        long used = Arrays.stream(mask).filter(v -> v == 0).count();
        assertEquals(3, used);
        assertEquals(Math.log(3), f.get(VampPrior.LOG_COUNT).getDouble(0), 1e-12);
        Map<String, INDArray> e = m.prior().evaluationFeed();
        assertTrue(Arrays.stream(e.get(VampPrior.MASK).toDoubleVector()).allMatch(v -> v == 0));
        assertEquals(Math.log(10), e.get(VampPrior.LOG_COUNT).getDouble(0), 1e-12);
    }

    @Test
    void badSpecsFailFastWithTheValueNamed() {
        assertThrows(IllegalArgumentException.class, () -> VampPrior.Spec.of(0));
        assertThrows(IllegalArgumentException.class, () -> VampPrior.Spec.of(5).withSubsampling(0));
        assertThrows(IllegalArgumentException.class, () -> VampPrior.Spec.of(5).withSubsampling(1.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 4),
                new VampPrior.Spec(100, VampPrior.PseudoInputs.DATA, 1), DATA, DataType.DOUBLE, 1));
        assertTrue(e.getMessage().contains("K = 100"), e.getMessage());
    }
}

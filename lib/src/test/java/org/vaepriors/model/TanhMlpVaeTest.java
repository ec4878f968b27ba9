package org.vaepriors.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.Tiny;

/** LARS's tanh MLP VAE (Bauer &amp; Mnih, C.2) against its definition, computed by hand. */
class TanhMlpVaeTest {
    @Test
    void theEncoderGivesMuAndLogSigmaThroughTanhLayersAndTheDecoderLogits() {
        ImageSet data = Tiny.images(3, 3, 1);
        ArchitectureSpec spec = Tiny.arch(ArchitectureSpec.Kind.TANH_VAE, 3, 2, 5);
        assertFalse(spec.hierarchical());
        VaeModel<?> m = VaeModel.build(spec, new StandardGaussianPrior.Spec(), data, DataType.DOUBLE, 9);
        INDArray x = Tiny.binary(data, DataType.DOUBLE);
        Map<String, INDArray> out = m.output(m.feed(x, new SplittableRandom(1), 1.0), GraphNames.MU, GraphNames.LOG_VAR);
        INDArray h = tanh(x.mmul(w(m, "q_z/1/W")).addRowVector(w(m, "q_z/1/b")));
        h = tanh(h.mmul(w(m, "q_z/2/W")).addRowVector(w(m, "q_z/2/b")));
        INDArray mu = h.mmul(w(m, "q_z/mu/W")).addRowVector(w(m, "q_z/mu/b"));
        INDArray logVar = h.mmul(w(m, "q_z/logSigma/W")).addRowVector(w(m, "q_z/logSigma/b")).mul(2);
        assertArrayEquals(mu.toDoubleMatrix()[2], out.get(GraphNames.MU).toDoubleMatrix()[2], 1e-12);
        assertArrayEquals(logVar.toDoubleMatrix()[2], out.get(GraphNames.LOG_VAR).toDoubleMatrix()[2], 1e-12);

        INDArray z = Nd4j.createFromArray(new double[][]{{0.3, -1.1}});
        INDArray g = tanh(z.mmul(w(m, "p_x/1/W")).addRowVector(w(m, "p_x/1/b")));
        g = tanh(g.mmul(w(m, "p_x/2/W")).addRowVector(w(m, "p_x/2/b")));
        INDArray logits = g.mmul(w(m, "p_x/logits/W")).addRowVector(w(m, "p_x/logits/b"));
        INDArray means = m.decode(z, new SplittableRandom(2));
        for (int i = 0; i < 9; i++) {
            assertEquals(1 / (1 + Math.exp(-logits.getDouble(0, i))), means.getDouble(0, i), 1e-12);
        }
    }

    @Test
    void itsWeightsAreGlorotUniform() {
        ArchitectureSpec lars = ArchitectureSpec.lars();
        assertEquals(50, lars.latentDim());
        VaeModel<?> m = VaeModel.build(lars, new StandardGaussianPrior.Spec(), Tiny.images(2, 28, 1), DataType.FLOAT, 1);
        double bound = Math.sqrt(6.0 / (784 + 300));
        INDArray w = m.graph().getArrForVarName("q_z/1/W");
        assertTrue(w.amaxNumber().doubleValue() <= bound, "Glorot's bound sqrt(6 / (784 + 300))");
        assertTrue(w.amaxNumber().doubleValue() > 0.99 * bound, "uniform up to the bound");
    }

    private static INDArray w(VaeModel<?> m, String name) {
        return m.graph().getArrForVarName(name).castTo(DataType.DOUBLE);
    }

    private static INDArray tanh(INDArray a) {
        return org.nd4j.linalg.ops.transforms.Transforms.tanh(a, true);
    }
}

package org.vaepriors.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.ImageSet;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.testing.Tiny;

/** Post-hoc training: a trainable-parameter filter freezes the VAE; LARS's moving average survives checkpoints. */
class PriorOnlyTrainingTest {
    private static VaeModel<ResampledPrior> model(ImageSet data) {
        return VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 5),
                ResampledPrior.Spec.paperDefaults().withHidden(4).withTrainingSamples(16).withEvaluationSamples(256),
                data, DataType.DOUBLE, 7);
    }

    @Test
    void aFilterTrainsThePriorOnlyAndTheMovingAverageMoves() {
        ImageSet data = Tiny.images(8, 3, 1);
        VaeModel<ResampledPrior> m = model(data);
        Map<String, INDArray> before = new HashMap<>();
        m.parameterNames().forEach(n -> before.put(n, m.graph().getArrForVarName(n).dup()));
        GradientStep step = Tiny.step(m, data, 1e-2, n -> n.startsWith("prior/"));
        for (int i = 0; i < 3; i++) {
            Tiny.run(step, Tiny.rows(data.size()), i);
        }
        for (String n : m.parameterNames()) {
            INDArray now = m.graph().getArrForVarName(n);
            if (n.startsWith("prior/")) {
                assertNotEquals(before.get(n), now, n + " should have been trained");
            } else {
                assertEquals(before.get(n), now, n + " should be frozen");
            }
        }
        assertNotEquals(0.5, m.prior().movingAverage());
    }

    @Test
    void aFilterThatSelectsNothingIsRefused() {
        VaeModel<ResampledPrior> m = model(Tiny.images(4, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Tiny.step(m, Tiny.images(4, 3, 1), 1e-3, n -> false));
    }

    @Test
    void theMovingAverageSurvivesACheckpoint(@TempDir Path dir) {
        ImageSet data = Tiny.images(8, 3, 1);
        VaeModel<ResampledPrior> m = model(data);
        Tiny.run(Tiny.step(m, data, 1e-2), Tiny.rows(data.size()), 1);
        double z = m.prior().movingAverage();
        Checkpoint.save(dir.resolve("c.ckpt"), m, null, Checkpoint.State.initial());
        VaeModel<ResampledPrior> fresh = model(data);
        Checkpoint.load(dir.resolve("c.ckpt"), fresh, null);
        assertEquals(z, fresh.prior().movingAverage());
    }
}

package org.vaepriors.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.io.Json;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.Tiny;

/** LARS's schedule counted in iterations (Bauer &amp; Mnih, C.3): warm-up and learning-rate decay per iteration, plain Adam. */
class IterationScheduleTest {
    static final ImageSet TRAIN = Tiny.images(60, 4, 1);
    static final ImageSet VALID = Tiny.images(20, 4, 2).binarized(5L);
    /** 60 images in batches of 16: 4 steps per epoch; 10 iterations end in epoch 3; warm-up over 8, decay after 5. */
    static final TrainSpec SPEC = new TrainSpec(100, 0, 100, 16, 5e-3, new TrainSpec.Iterations(10, 8, 5, 1e-3), true);

    static VaeModel<?> model() {
        return VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.TANH_VAE, 4, 2, 8), new StandardGaussianPrior.Spec(), TRAIN,
                DataType.FLOAT, 3);
    }

    @Test
    void theDefaultsAreLeftOutOfTheJsonSoOldRunIdsStand() {
        String json = Json.write(TrainSpec.paper());
        assertFalse(json.contains("iterations") || json.contains("plainAdam"), json);
        assertEquals(Json.write(new TrainSpec(2000, 100, 50, 100, 5e-4)), json);
        TrainSpec lars = TrainSpec.lars();
        String l = Json.write(lars);
        assertTrue(l.contains("\"plainAdam\" : true") && l.contains("\"decayAfter\" : 1000000"), l);
        assertEquals(lars, Json.read(l, TrainSpec.class));
    }

    @Test
    void theKlWeightAndTheLearningRateFollowTheIteration() {
        assertEquals(1.0 / 8, SPEC.beta(1, 1), 0);
        assertEquals(0.5, SPEC.beta(1, 4), 0);
        assertEquals(1.0, SPEC.beta(3, 9), 0);
        assertEquals(5e-3, SPEC.learningRate(5), 0);
        assertEquals(1e-3, SPEC.learningRate(6), 0);
        assertEquals(3, SPEC.lastEpoch(4), "10 iterations at 4 per epoch: the third epoch is completed");
        assertEquals(2, SPEC.warmupEpochs(4));
        assertEquals(0.5, TrainSpec.paper().withWarmup(4).beta(2, 999), 0, "epoch-counted specs ignore the iteration");
        assertThrows(IllegalArgumentException.class, () -> SPEC.withWarmup(3));
    }

    /** The decay keeps Adam's moments and step count: Adam's update with lr_t, from one reference implementation. */
    @Test
    void theDecaySwitchesTheRateAndKeepsTheMoments() {
        int n = 5;
        INDArray p = Nd4j.createFromArray(0.3, -1.2, 0.7, 2.0, -0.4);
        double[] ref = p.toDoubleVector();
        double[] m = new double[n];
        double[] v = new double[n];
        AdamNormGrad current = SPEC.optimiser();
        TrainingLoop.Schedule schedule = SPEC.schedule();
        for (int step = 1; step <= 8; step++) {
            AdamNormGrad next = schedule.optimiser(step, current);
            if (step == 6) {
                assertTrue(next != current, "a new optimiser at the first decayed step");
                assertEquals(5, next.steps(), "its step count carried over");
            } else {
                assertSame(current, next);
            }
            current = next;
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = Math.sin(step * (i + 1)) + 0.1 * ref[i]; // any gradient
            }
            current.update(Map.of("p", p), Map.of("p", Nd4j.createFromArray(g)), List.of("p"));
            double lr = step <= 5 ? 5e-3 : 1e-3;
            for (int i = 0; i < n; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mh = m[i] / (1 - Math.pow(0.9, step));
                double vh = v[i] / (1 - Math.pow(0.999, step));
                ref[i] -= lr * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        assertArrayEquals(ref, p.toDoubleVector(), 1e-12);
    }

    @Test
    void trainingCountsIterationsAndResumesPastTheDecayOnTheSameTrajectory(@TempDir Path dir) {
        VaeModel<?> straight = model();
        Trainer.Result a = Trainer.train(straight, TRAIN, VALID, SPEC, 7, dir.resolve("a"), Listener.NONE);
        assertEquals(3, a.history().size(), "10 iterations end in the third epoch");
        assertEquals(0.5, a.history().get(0).beta(), 0, "the KL weight after 4 of 8 warm-up iterations");
        assertEquals(1.0, a.history().get(1).beta(), 0);

        Trainer.train(model(), TRAIN, VALID, SPEC.withMaxEpochs(2), 7, dir.resolve("b"), Listener.NONE); // 8 steps: past the decay
        VaeModel<?> resumed = model();
        Trainer.Result b = Trainer.train(resumed, TRAIN, VALID, SPEC, 7, dir.resolve("b"), Listener.NONE);
        for (int i = 0; i < 3; i++) {
            assertEquals(a.history().get(i).trainLoss(), b.history().get(i).trainLoss(), 0.0, "epoch " + (i + 1));
        }
        assertArrayEquals(TrainerTest.params(straight), TrainerTest.params(resumed));
    }
}

package org.vaepriors.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.data.ImageSet;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.eval.EvalResult;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.testing.Tiny;
import org.vaepriors.vampprior.VampPrior;

class TrainerTest {
    static final ImageSet TRAIN = Tiny.images(60, 4, 1);
    static final ImageSet VALID = Tiny.images(20, 4, 2).binarized(5L);
    static final PriorSpec PRIOR = VampPrior.Spec.of(4).withSubsampling(0.5);
    static final TrainSpec SPEC = new TrainSpec(4, 2, 10, 16, 5e-3);

    static VaeModel<?> model() {
        return VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.HVAE, 4, 2, 8), PRIOR, TRAIN, DataType.FLOAT, 3);
    }

    static float[] params(VaeModel<?> m) {
        float[][] all = m.parameterNames().stream().map(n -> m.graph().getArrForVarName(n).dup().data().asFloat())
                .toArray(float[][]::new);
        int len = 0;
        for (float[] a : all) {
            len += a.length;
        }
        float[] out = new float[len];
        int o = 0;
        for (float[] a : all) {
            System.arraycopy(a, 0, out, o, a.length);
            o += a.length;
        }
        return out;
    }

    @Test
    void resumingFromTheLastCheckpointFollowsTheUninterruptedTrajectory(@TempDir Path dir) {
        VaeModel<?> straight = model();
        Trainer.Result a = Trainer.train(straight, TRAIN, VALID, SPEC, 7, dir.resolve("a"), Listener.NONE);

        Trainer.train(model(), TRAIN, VALID, SPEC.withMaxEpochs(2), 7, dir.resolve("b"), Listener.NONE);
        VaeModel<?> resumed = model(); // a fresh process: new model, state from the run folder
        Trainer.Result b = Trainer.train(resumed, TRAIN, VALID, SPEC, 7, dir.resolve("b"), Listener.NONE);

        assertEquals(4, b.history().size());
        for (int i = 0; i < 4; i++) {
            assertEquals(a.history().get(i).trainLoss(), b.history().get(i).trainLoss(), 0.0, "epoch " + (i + 1));
            assertEquals(a.history().get(i).validationLoss(), b.history().get(i).validationLoss(), 0.0);
        }
        assertArrayEquals(params(straight), params(resumed));
        assertEquals(a.outcome(), b.outcome());
        assertEquals(a.history().stream().map(TrainingStatus::activeUnits).toList(),
                b.history().stream().map(TrainingStatus::activeUnits).toList());
    }

    /** The count in log.csv is Var over the validation images of the posterior mean above 0.01, unit by unit. */
    @Test
    void activeUnitsAreLoggedEveryEpochAsTheirDefinitionCountsThem(@TempDir Path dir) throws Exception {
        VaeModel<?> m = model();
        Trainer.Result r = Trainer.train(m, TRAIN, VALID, SPEC.withMaxEpochs(3).withWarmup(0), 1, dir, Listener.NONE);
        List<String> log = Files.readAllLines(dir.resolve("log.csv"));
        assertTrue(log.get(0).endsWith(",active_units,active_units_s"), log.get(0));
        int best = r.outcome().bestEpoch();
        // the model holds the best epoch's parameters: count its active units by hand
        double[][] mu = org.vaepriors.eval.Evaluator.posteriorMeans(m, VALID);
        int active = 0;
        for (int u = 0; u < mu[0].length; u++) {
            double mean = 0;
            for (double[] row : mu) {
                mean += row[u] / mu.length;
            }
            double var = 0;
            for (double[] row : mu) {
                var += (row[u] - mean) * (row[u] - mean) / mu.length;
            }
            active += var > 0.01 ? 1 : 0;
        }
        assertEquals(active, r.history().get(best - 1).activeUnits());
        assertEquals(String.valueOf(active), log.get(best).split(",")[8]);
        assertTrue(r.history().stream().allMatch(s -> s.activeSeconds() != null && s.activeSeconds() >= 0));
    }

    @Test
    void aRunThroughTheEngineEqualsThePlainSameDiffRun(@TempDir Path dir) {
        TrainSpec three = SPEC.withMaxEpochs(3);
        VaeModel engine = model();
        Trainer.Result a = Trainer.train(engine, TRAIN, VALID, three, 7, dir.resolve("a"), Listener.NONE);
        EvalResult ea = Evaluator.evaluate(engine, VALID, EVAL, new java.util.SplittableRandom(9));
        VaeModel plain = model();
        Trainer.Result b;
        EvalResult eb;
        GraphEngine.setEnabled(false);
        try {
            b = Trainer.train(plain, TRAIN, VALID, three, 7, dir.resolve("b"), Listener.NONE);
            eb = Evaluator.evaluate(plain, VALID, EVAL, new java.util.SplittableRandom(9));
        } finally {
            GraphEngine.setEnabled(true);
        }
        assertTrue(engine.engine().replayedCalls() > 0, "the first run replayed its steps");
        assertEquals(0, plain.engine().replayedCalls());
        for (int i = 0; i < 3; i++) {
            TrainingStatus x = a.history().get(i);
            TrainingStatus y = b.history().get(i);
            assertEquals(y.trainLoss(), x.trainLoss(), 1e-4 * Math.abs(y.trainLoss()), "epoch " + (i + 1));
            assertEquals(y.validationLoss(), x.validationLoss(), 1e-4 * Math.abs(y.validationLoss()));
        }
        assertEquals(eb.negativeElbo(), ea.negativeElbo(), 1e-4 * Math.abs(eb.negativeElbo()));
        assertEquals(eb.nll(), ea.nll(), 1e-4 * Math.abs(eb.nll()));
        assertEquals(eb.kl(), ea.kl(), 1e-4 * Math.abs(eb.kl()));
        assertEquals(eb.activeUnits(), ea.activeUnits());
    }

    static final EvalSpec EVAL = new EvalSpec(10, 0);

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother(@TempDir Path dir) {
        TrainSpec two = SPEC.withMaxEpochs(2);
        Trainer.Result a = Trainer.train(model(), TRAIN, VALID, two, 7, dir.resolve("a"), Listener.NONE);
        Trainer.Result b = Trainer.train(model(), TRAIN, VALID, two, 7, dir.resolve("b"), Listener.NONE);
        Trainer.Result c = Trainer.train(model(), TRAIN, VALID, two, 8, dir.resolve("c"), Listener.NONE);
        assertEquals(a.history().get(1).trainLoss(), b.history().get(1).trainLoss(), 0.0);
        assertTrue(a.history().get(1).trainLoss() != c.history().get(1).trainLoss());
    }

    @Test
    void trainingLowersTheValidationLossAndWritesLogAndCheckpoints(@TempDir Path dir) {
        Trainer.Result r = Trainer.train(model(), TRAIN, VALID, SPEC.withMaxEpochs(6).withWarmup(0), 1, dir,
                Listener.NONE);
        List<TrainingStatus> h = r.history();
        assertTrue(h.get(h.size() - 1).validationLoss() < h.get(0).validationLoss(), h.toString());
        assertTrue(Files.isRegularFile(dir.resolve("checkpoints/best.ckpt")));
        assertTrue(Files.isRegularFile(dir.resolve("checkpoints/last.ckpt")));
        assertEquals(7, assertDoesNotThrowLines(dir.resolve("log.csv")), "a header and a row per epoch");
    }

    static long assertDoesNotThrowLines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNanStopsTheRunWithADiagnosisAndKeepsTheBestCheckpoint(@TempDir Path dir) {
        VaeModel<?> m = model();
        Trainer.train(m, TRAIN, VALID, SPEC.withMaxEpochs(2), 7, dir, Listener.NONE);
        float[] good = params(m);
        // corrupt the last checkpoint's decoder weights, as an overflow would
        VaeModel<?> broken = model();
        Checkpoint.State st = Checkpoint.load(dir.resolve("checkpoints/last.ckpt"), broken, null);
        broken.graph().getArrForVarName("p_x/logits/W").assign(Float.NaN);
        Checkpoint.save(dir.resolve("checkpoints/last.ckpt"), broken, null, st);

        VaeModel<?> resumed = model();
        Trainer.Result r = Trainer.train(resumed, TRAIN, VALID, SPEC, 7, dir, Listener.NONE);
        Outcome.Diverged d = assertInstanceOf(Outcome.Diverged.class, r.outcome());
        assertEquals(3, d.epoch());
        assertEquals(1, d.step());
        assertTrue(d.diagnosis().contains("logPx") && d.diagnosis().contains("NaN"), d.diagnosis());
        assertTrue(d.bestEpoch() >= 1);
        for (float v : params(resumed)) {
            assertTrue(Float.isFinite(v), "the best (finite) parameters are loaded back");
        }
        assertEquals(good.length, params(resumed).length);
    }

    @Test
    void aCheckpointOfAnotherLatentSizeIsRefusedWithTheShapesNamed(@TempDir Path dir) {
        VaeModel<?> m = model();
        Checkpoint.save(dir.resolve("x.ckpt"), m, null, Checkpoint.State.initial());
        VaeModel<?> other = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.HVAE, 4, 3, 8), PRIOR, TRAIN, DataType.FLOAT, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(dir.resolve("x.ckpt"), other, null));
        assertTrue(e.getMessage().contains("latent size") && e.getMessage().contains("[3, 8]"), e.getMessage());
    }
}

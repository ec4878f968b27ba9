package org.vaepriors.train;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.Binarization;
import org.vaepriors.data.ImageSet;
import org.vaepriors.io.AtomicFiles;
import org.vaepriors.math.Permutations;
import org.vaepriors.model.ElboTerms;
import org.vaepriors.model.VaeModel;

/**
 * Trains a {@link VaeModel} the way the papers' code does (MATH.md): one reparameterised sample per image,
 * dynamic binarisation, KL warm-up, gradient-normalised Adam, validation at beta = 1 after every epoch,
 * early stopping with the patience counter held at 0 during the warm-up, and the best parameters kept.
 *
 * <p>Nothing is lost: after every epoch the run folder gets {@code checkpoints/last.ckpt} (parameters,
 * optimiser, state) and, when validation improved, {@code checkpoints/best.ckpt}, both written atomically,
 * and {@code log.csv}. A run started again on the same folder resumes after its last completed epoch and
 * follows the same trajectory as an uninterrupted run: every random stream (shuffling, binarisation,
 * noise, prior sub-sampling) is derived from the seed and the epoch number. A NaN or infinite loss or
 * gradient stops the run with a diagnosis; the best checkpoint is kept and loaded.
 *
 * <p>The SameDiff training listeners of M2.1 report a loss of 0 and have no gradient normalisation
 * (STACK.md), hence this loop.
 */
public final class Trainer {
    /** Images per forward pass when computing the validation loss (memory only; no effect on the numbers). */
    private static final int EVAL_BATCH = 500;

    private Trainer() {
    }

    /** Receives progress: a line per epoch and, for progress bars, a call per step. */
    public interface Listener {
        /** @param status the epoch just finished */
        void epoch(TrainingStatus status);

        /**
         * @param epoch the epoch
         * @param step  steps done in it
         * @param steps steps per epoch
         */
        default void step(int epoch, int step, int steps) {
        }

        /** A listener that ignores everything. */
        Listener NONE = s -> { };
    }

    /**
     * The result of a training run; the model holds the best parameters afterwards.
     *
     * @param outcome            how it ended
     * @param history            one status per epoch
     * @param bestValidationLoss the best validation loss (-ELBO at beta 1)
     */
    public record Result(Outcome outcome, List<TrainingStatus> history, double bestValidationLoss) {
        /** Copies the history. */
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            history = List.copyOf(history);
        }
    }

    /**
     * Trains, resuming from {@code runDir/checkpoints/last.ckpt} when it exists.
     *
     * @param model            the model (its parameters are trained in place)
     * @param train            grey training images (binarised anew per batch)
     * @param validationBinary validation images, binarised once
     * @param spec             the training settings
     * @param seed             the run's seed
     * @param runDir           the run folder
     * @param listener         progress
     * @return the outcome and history
     */
    public static Result train(VaeModel model, ImageSet train, ImageSet validationBinary, TrainSpec spec, long seed,
                               Path runDir, Listener listener) {
        return train(model, train, validationBinary, spec, seed, runDir, listener, name -> true);
    }

    /**
     * Trains only some parameters, the others frozen (post-hoc LARS trains the prior of a trained VAE);
     * otherwise as {@link #train(VaeModel, ImageSet, ImageSet, TrainSpec, long, Path, Listener)}.
     *
     * @param model            the model
     * @param train            grey training images
     * @param validationBinary validation images, binarised once
     * @param spec             the training settings
     * @param seed             the run's seed
     * @param runDir           the run folder
     * @param listener         progress
     * @param trainable        which parameters (by graph name) are trained
     * @return the outcome and history
     */
    public static Result train(VaeModel model, ImageSet train, ImageSet validationBinary, TrainSpec spec, long seed,
                               Path runDir, Listener listener, Predicate<String> trainable) {
        Path last = runDir.resolve("checkpoints/last.ckpt");
        Path best = runDir.resolve("checkpoints/best.ckpt");
        AdamNormGrad adam = new AdamNormGrad(spec.learningRate(), true);
        Checkpoint.State state = Files.isRegularFile(last) ? Checkpoint.load(last, model, adam) : Checkpoint.State.initial();
        List<TrainingStatus> history = new ArrayList<>(state.history());
        GradientStep step = new GradientStep(model, adam, trainable);
        int n = train.size();
        int p = train.dim();
        int steps = (n + spec.batchSize() - 1) / spec.batchSize();
        EarlyStopping stopping = new EarlyStopping(spec.patience(), spec.warmupEpochs(), state.bestEpoch(),
                state.bestValidationLoss(), state.sinceImprovement());
        Outcome outcome = null;
        int epoch = state.epoch();
        while (epoch < spec.maxEpochs() && !stopping.shouldStop()) {
            epoch++;
            long t0 = System.nanoTime();
            SplittableRandom rng = Seeds.stream(seed, "epoch", epoch);
            int[] order = Permutations.shuffled(n, rng);
            double beta = spec.beta(epoch);
            double sumLoss = 0;
            double sumRe = 0;
            double sumKl = 0;
            model.prior().beginEpoch(epoch);
            for (int s = 0; s < steps; s++) {
                int from = s * spec.batchSize();
                int b = Math.min(spec.batchSize(), n - from);
                int[] indices = Arrays.copyOfRange(order, from, from + b);
                float[] bits = new float[b * p];
                for (int i = 0; i < b; i++) {
                    System.arraycopy(train.pixels(), indices[i] * p, bits, i * p, p);
                }
                Binarization.bernoulli(bits, bits, rng);
                INDArray x = Nd4j.create(bits, new long[]{b, p}, 'c');
                GradientStep.Result r = step.run(x, indices, rng, beta);
                if (r.failure() != null) {
                    outcome = new Outcome.Diverged(epoch, s + 1, r.failure(), stopping.bestEpoch());
                    break;
                }
                sumLoss += r.loss() * b;
                sumRe -= r.sumLogPx();
                sumKl += r.sumKl();
                listener.step(epoch, s + 1, steps);
            }
            if (outcome != null) {
                break;
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double val = validationLoss(model, validationBinary, seed);
            if (!Double.isFinite(val)) {
                outcome = new Outcome.Diverged(epoch, steps, "the validation loss is " + val
                        + " after the epoch: the parameters produce non-finite ELBOs", stopping.bestEpoch());
                break;
            }
            boolean improved = stopping.record(epoch, val);
            TrainingStatus st = new TrainingStatus(epoch, beta, sumLoss / n, sumRe / n, sumKl / n, val,
                    (System.nanoTime() - t0) / 1e9, n / trainSeconds);
            history.add(st);
            Checkpoint.State next = new Checkpoint.State(epoch, adam.steps(), stopping.bestEpoch(), stopping.bestLoss(),
                    stopping.since(), history);
            if (improved) {
                Checkpoint.save(best, model, null, next);
            }
            Checkpoint.save(last, model, adam, next);
            writeLog(runDir.resolve("log.csv"), history);
            listener.epoch(st);
        }
        if (outcome == null) {
            outcome = stopping.shouldStop() ? new Outcome.EarlyStopped(epoch, stopping.bestEpoch())
                    : new Outcome.Completed(epoch, stopping.bestEpoch());
        }
        if (stopping.bestEpoch() > 0) {
            Checkpoint.load(best, model, null);
        }
        return new Result(outcome, history, stopping.bestLoss());
    }

    /**
     * The validation loss, -ELBO at beta = 1 with one posterior sample per image, the noise drawn from a
     * stream fixed for the run so that epochs are compared on the same draws.
     *
     * @param model            the model
     * @param validationBinary binarised validation images
     * @param seed             the run's seed
     * @return mean -ELBO in nats per image
     */
    public static double validationLoss(VaeModel model, ImageSet validationBinary, long seed) {
        ElboTerms t = model.elbo(validationBinary, Seeds.stream(seed, "validation", 0), EVAL_BATCH);
        return t.negativeElbo();
    }

    private static void writeLog(Path file, List<TrainingStatus> history) {
        StringBuilder sb = new StringBuilder(TrainingStatus.CSV_HEADER).append('\n');
        for (TrainingStatus s : history) {
            sb.append(s.csv()).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}

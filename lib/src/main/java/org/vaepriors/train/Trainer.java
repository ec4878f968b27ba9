package org.vaepriors.train;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.vaepriors.data.ImageSet;
import org.vaepriors.eval.ActiveUnits;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.io.AtomicFiles;
import org.vaepriors.model.ElboTerms;
import org.vaepriors.model.VaeModel;

/**
 * Trains a {@link VaeModel} the way the papers' code does (MATH.md): the {@link TrainingLoop} over a
 * {@link VaeObjective} (one reparameterised sample per image, dynamic binarisation, KL warm-up,
 * gradient-normalised Adam), with validation at beta = 1 after every epoch, early stopping with the
 * patience counter held at 0 during the warm-up, and the best parameters kept.
 *
 * <p>Nothing is lost: after every epoch the run folder gets {@code checkpoints/last.ckpt} (parameters,
 * optimiser, state) and, when validation improved, {@code checkpoints/best.ckpt}, both written atomically,
 * and {@code log.csv}. A run started again on the same folder resumes after its last completed epoch and
 * follows the same trajectory as an uninterrupted run: every random stream (shuffling, binarisation,
 * noise, prior sub-sampling) is derived from the seed and the epoch number. A NaN or infinite loss or
 * gradient stops the run with a diagnosis; the best checkpoint is kept and loaded.
 *
 * <p>The SameDiff training listeners of M2.1 report a loss of 0 and have no gradient normalisation
 * (STACK.md), hence our own loop.
 */
public final class Trainer {
    /** Images per forward pass when computing the validation loss (memory only; no effect on the numbers). */
    private static final int EVAL_BATCH = 500;

    private Trainer() {
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
     * Trains all parameters, resuming from {@code runDir/checkpoints/last.ckpt} when it exists.
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
    public static Result train(VaeModel<?> model, ImageSet train, ImageSet validationBinary, TrainSpec spec, long seed,
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
    public static Result train(VaeModel<?> model, ImageSet train, ImageSet validationBinary, TrainSpec spec, long seed,
                               Path runDir, Listener listener, Predicate<String> trainable) {
        Path last = runDir.resolve("checkpoints/last.ckpt");
        Path best = runDir.resolve("checkpoints/best.ckpt");
        AdamNormGrad adam = spec.optimiser();
        Checkpoint.State state = Files.isRegularFile(last) ? Checkpoint.load(last, model, adam) : Checkpoint.State.initial();
        List<TrainingStatus> history = new ArrayList<>(state.history());
        int n = train.size();
        Batches batches = Batches.shuffled(n, spec.batchSize());
        EarlyStopping stopping = new EarlyStopping(spec.patience(), spec.warmupEpochs(batches.steps()), state.bestEpoch(),
                state.bestValidationLoss(), state.sinceImprovement());
        int lastEpoch = spec.lastEpoch(batches.steps());
        // the optimiser in use: a learning-rate schedule may replace it (moments kept), and checkpoints save that one
        AdamNormGrad[] optimiser = {adam};
        TrainingLoop.Schedule schedule = spec.schedule();
        TrainingLoop loop = new TrainingLoop(new VaeObjective(model, train, spec, trainable),
                batches, epoch -> Seeds.stream(seed, "epoch", epoch), adam)
                .listener(listener)
                .schedule((step, current) -> optimiser[0] = schedule.optimiser(step, current))
                .epochEnd(stats -> {
                    long v0 = System.nanoTime();
                    double val = validationLoss(model, validationBinary, seed);
                    if (!Double.isFinite(val)) {
                        throw new TrainingLoop.Diverging("the validation loss is " + val
                                + " after the epoch: the parameters produce non-finite ELBOs");
                    }
                    boolean improved = stopping.record(stats.epoch(), val);
                    long a0 = System.nanoTime();
                    int active = activeUnits(model, validationBinary);
                    double activeSeconds = (System.nanoTime() - a0) / 1e9;
                    TrainingStatus st = new TrainingStatus(stats.epoch(),
                            spec.beta(stats.epoch(), (long) stats.epoch() * batches.steps()), stats.meanLoss(),
                            -stats.termSums()[0] / n, stats.termSums()[1] / n, val,
                            stats.seconds() + (System.nanoTime() - v0) / 1e9, n / stats.seconds(), active, activeSeconds);
                    history.add(st);
                    Checkpoint.State next = new Checkpoint.State(stats.epoch(), optimiser[0].steps(), stopping.bestEpoch(),
                            stopping.bestLoss(), stopping.since(), history);
                    if (improved) {
                        Checkpoint.save(best, model, null, next);
                    }
                    Checkpoint.save(last, model, optimiser[0], next);
                    writeLog(runDir.resolve("log.csv"), history);
                    listener.epoch(st);
                    return stopping.shouldStop() ? TrainingLoop.Decision.STOP : TrainingLoop.Decision.CONTINUE;
                });
        Outcome outcome;
        if (state.epoch() >= lastEpoch || stopping.shouldStop()) {
            outcome = stopping.shouldStop() ? new Outcome.EarlyStopped(state.epoch(), stopping.bestEpoch())
                    : new Outcome.Completed(state.epoch(), stopping.bestEpoch());
        } else {
            TrainingLoop.Result r = loop.run(state.epoch() + 1, lastEpoch);
            if (r.diverged()) {
                TrainingLoop.Divergence d = r.divergence();
                outcome = new Outcome.Diverged(d.epoch(), d.step(), d.diagnosis(), stopping.bestEpoch());
            } else if (r.stopped()) {
                outcome = new Outcome.EarlyStopped(r.lastEpoch(), stopping.bestEpoch());
            } else {
                outcome = new Outcome.Completed(r.lastEpoch(), stopping.bestEpoch());
            }
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
    public static double validationLoss(VaeModel<?> model, ImageSet validationBinary, long seed) {
        ElboTerms t = model.elbo(validationBinary, Seeds.stream(seed, "validation", 0), EVAL_BATCH);
        return t.negativeElbo();
    }

    /**
     * Active units of the top latent on the validation images (Burda et al.; {@link ActiveUnits}), so that
     * log.csv shows collapse coming epoch by epoch. Posterior means only: no noise is drawn from any of the
     * run's streams and no parameter changes, so the training trajectory is the same with or without it.
     */
    private static int activeUnits(VaeModel<?> model, ImageSet validationBinary) {
        return validationBinary.size() < 2 ? 0 : ActiveUnits.of(Evaluator.posteriorMeans(model, validationBinary)).count();
    }

    private static void writeLog(Path file, List<TrainingStatus> history) {
        StringBuilder sb = new StringBuilder(TrainingStatus.CSV_HEADER).append('\n');
        for (TrainingStatus s : history) {
            sb.append(s.csv()).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}

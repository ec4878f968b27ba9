package org.vaepriors.train;

import java.util.Objects;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * The one training loop of the library: epochs of steps of an {@link Objective}, each epoch's randomness
 * from its own generator, a {@link GradientStep} per batch, and a decision after every epoch. What differs
 * between the models it trains is in its parameters: the objective, the {@link Batches}, the generator of
 * each epoch, an optimiser schedule and what happens at an epoch's end (validation, checkpoints, early
 * stopping for the VAEs; nothing for a fit that runs a fixed number of steps).
 *
 * <p>A non-finite loss or gradient ends the loop with {@link Outcome.Diverged}, naming the term and the step;
 * the parameters stay those of the last good step.
 */
public final class TrainingLoop {
    private final Objective objective;
    private final Batches batches;
    private final IntFunction<? extends RandomGenerator> epochStream;
    private final GradientStep step;
    private Schedule schedule = (s, current) -> current;
    private EpochEnd epochEnd = stats -> Decision.CONTINUE;
    private Listener listener = Listener.NONE;
    private double[] stepLosses;

    /**
     * @param objective   what is trained
     * @param batches     how an epoch's batches are formed
     * @param epochStream the generator of each epoch (from a seed and the epoch: a resumed run draws the same)
     * @param optimiser   the optimiser, with its state if resumed
     */
    public TrainingLoop(Objective objective, Batches batches, IntFunction<? extends RandomGenerator> epochStream,
                        AdamNormGrad optimiser) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.batches = Objects.requireNonNull(batches, "batches");
        this.epochStream = Objects.requireNonNull(epochStream, "epochStream");
        this.step = new GradientStep(objective, optimiser);
    }

    /** Changes the optimiser at given steps (a learning-rate decay with fresh moments). */
    @FunctionalInterface
    public interface Schedule {
        /**
         * @param step    the step about to be taken, counted over all epochs from 1
         * @param current the optimiser in use
         * @return the optimiser for this step: {@code current}, or a new one
         */
        AdamNormGrad optimiser(long step, AdamNormGrad current);
    }

    /** What to do after an epoch: continue, stop, or stop because the model diverged. */
    public enum Decision {
        /** train another epoch (if any is left) */
        CONTINUE,
        /** stop (e.g. early stopping) */
        STOP
    }

    /** Decides after every epoch; may record a divergence it finds (a non-finite validation loss). */
    @FunctionalInterface
    public interface EpochEnd {
        /**
         * @param stats the epoch's training statistics
         * @return whether to go on
         * @throws Diverging if the epoch's result shows the model diverged
         */
        Decision after(EpochStats stats);
    }

    /** Thrown by an {@link EpochEnd} that finds the model diverged after an epoch. */
    public static final class Diverging extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param diagnosis what went non-finite */
        public Diverging(String diagnosis) {
            super(diagnosis, null, false, false);
        }
    }

    /**
     * One epoch's training statistics.
     *
     * @param epoch    the epoch
     * @param steps    steps taken
     * @param examples rows seen (the sum of batch sizes; for objectives that draw their own data, the steps)
     * @param meanLoss the loss averaged over rows
     * @param termSums the sum of each of the objective's terms over the epoch
     * @param seconds  wall time of the steps
     */
    public record EpochStats(int epoch, int steps, long examples, double meanLoss, double[] termSums, double seconds) {
    }

    /**
     * How the loop ended.
     *
     * @param lastEpoch  the last epoch completed (or the one that diverged)
     * @param stopped    true if an epoch end asked to stop
     * @param divergence the diverged outcome, or null
     * @param stepLosses every step's loss, if asked for ({@link #keepStepLosses}), else null
     */
    public record Result(int lastEpoch, boolean stopped, Divergence divergence, double[] stepLosses) {
        /** @return true if the model diverged */
        public boolean diverged() {
            return divergence != null;
        }
    }

    /**
     * Where and why training diverged.
     *
     * @param epoch     the epoch
     * @param step      the step within it (the epoch's last step when found after the epoch)
     * @param diagnosis the term that went non-finite
     */
    public record Divergence(int epoch, int step, String diagnosis) {
    }

    /** @param s the optimiser schedule @return this */
    public TrainingLoop schedule(Schedule s) {
        this.schedule = Objects.requireNonNull(s, "schedule");
        return this;
    }

    /** @param e what to do after each epoch @return this */
    public TrainingLoop epochEnd(EpochEnd e) {
        this.epochEnd = Objects.requireNonNull(e, "epochEnd");
        return this;
    }

    /** @param l progress @return this */
    public TrainingLoop listener(Listener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** @param totalSteps all steps the loop will take: their losses are kept ({@link Result#stepLosses}) @return this */
    public TrainingLoop keepStepLosses(int totalSteps) {
        this.stepLosses = new double[totalSteps];
        return this;
    }

    /** @return the optimiser in use */
    public AdamNormGrad optimiser() {
        return step.optimiser();
    }

    /**
     * Trains epochs {@code from} to {@code to}.
     *
     * @param from the first epoch (1, or the one after a checkpoint's)
     * @param to   the last epoch
     * @return how it ended
     */
    public Result run(int from, int to) {
        int steps = batches.steps();
        long done = (long) (from - 1) * steps;
        int epoch = from - 1;
        while (epoch < to) {
            epoch++;
            long t0 = System.nanoTime();
            RandomGenerator rng = epochStream.apply(epoch);
            batches.beginEpoch(rng);
            objective.beginEpoch(epoch);
            double sumLoss = 0;
            long examples = 0;
            double[] sums = new double[objective.terms().size()];
            for (int s = 1; s <= steps; s++) {
                done++;
                step.optimiser(schedule.optimiser(done, step.optimiser()));
                int[] rows = batches.rows(s, rng);
                GradientStep.Result r = step.run(new Batch(epoch, s, rows, rng));
                if (r.failure() != null) {
                    return new Result(epoch, false, new Divergence(epoch, s, r.failure()), stepLosses);
                }
                int b = rows == null ? 1 : rows.length;
                sumLoss += r.loss() * b;
                examples += b;
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += r.termSums()[i];
                }
                if (stepLosses != null && done - 1 < stepLosses.length) {
                    stepLosses[(int) (done - 1)] = r.loss();
                }
                listener.step(epoch, s, steps, r.loss());
            }
            EpochStats stats = new EpochStats(epoch, steps, examples, sumLoss / examples, sums, (System.nanoTime() - t0) / 1e9);
            try {
                if (epochEnd.after(stats) == Decision.STOP) {
                    return new Result(epoch, true, null, stepLosses);
                }
            } catch (Diverging d) {
                return new Result(epoch, false, new Divergence(epoch, steps, d.getMessage()), stepLosses);
            }
        }
        return new Result(epoch, false, null, stepLosses);
    }
}

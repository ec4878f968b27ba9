package org.vaepriors.ncp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.train.AdamNormGrad;
import org.vaepriors.train.Batch;
import org.vaepriors.train.Batches;
import org.vaepriors.train.Listener;
import org.vaepriors.train.Objective;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.TrainingLoop;

/**
 * Trains a {@link ContinuousVae} in the library's training loop, by steps on minibatches drawn uniformly
 * (with replacement) from a fixed set of points, with {@link AdamNormGrad} and an optional linear KL warm-up.
 * Every random draw comes from streams derived from the seed, so a seed gives the same model.
 *
 * <p>The per-tensor gradient normalisation matters here: with plain Adam, the first steps' gradients of
 * the likelihood's log-variance (hundreds of nats while the decoder is untrained) fill Adam's second moment,
 * and the variance then stays near its initial value for thousands of steps (measured: the decoder's
 * standard deviation went from 1.0 to 0.99 in 500 steps while its squared error was 0.002). Normalised
 * steps also keep their size as the gradients shrink, so the last quarter of the steps runs at a tenth of
 * the learning rate, with fresh moment estimates (measured: at a constant rate the ELBO and the decoder's
 * variance got worse again late in training).
 */
public final class ContinuousVaeTrainer {
    private ContinuousVaeTrainer() {
    }

    /**
     * The training schedule.
     *
     * @param steps        Adam steps
     * @param batchSize    points per step
     * @param learningRate AdamNormGrad's learning rate (a tenth of it for the last quarter of the steps)
     * @param warmupSteps  steps over which beta rises linearly from 0 to 1 (0: beta = 1 throughout)
     */
    public record Schedule(int steps, int batchSize, double learningRate, int warmupSteps) {
        /** Validates the fields. */
        public Schedule {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batchSize must be >= 2, got " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
            }
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
            }
        }

        /**
         * @param step a step, from 1
         * @return the KL weight at that step
         */
        public double beta(int step) {
            return warmupSteps == 0 ? 1.0 : Math.min(1.0, (double) step / warmupSteps);
        }
    }

    /**
     * @param vae      the model, trained in place
     * @param data     {@code [N][P]} training points
     * @param schedule the schedule
     * @param seed     the seed of the minibatches and the noise
     * @param listener hears every step
     * @return how the loop ended, with the loss (-ELBO at the step's beta, nats per point) of every step; a
     * non-finite loss or gradient ends it as diverged, naming the step
     */
    public static TrainingLoop.Result train(ContinuousVae vae, double[][] data, Schedule schedule, long seed,
                                            Listener listener) {
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(schedule, "schedule");
        if (data.length == 0) {
            throw new IllegalArgumentException("no training points");
        }
        long decayAt = schedule.steps() - schedule.steps() / 4;
        return new TrainingLoop(new ElboObjective(vae, data, schedule),
                Batches.withReplacement(data.length, schedule.batchSize(), schedule.steps()),
                epoch -> Seeds.stream(seed, "continuous-vae", 0), new AdamNormGrad(schedule.learningRate(), true))
                .schedule((step, current) -> step == decayAt + 1
                        ? new AdamNormGrad(schedule.learningRate() / 10, true) : current)
                .listener(listener)
                .keepStepLosses(schedule.steps())
                .run(1, 1);
    }

    /** The ELBO of a batch of the fixed points, beta following the warm-up. */
    private record ElboObjective(ContinuousVae vae, double[][] data, Schedule schedule) implements Objective {
        @Override
        public SameDiff graph() {
            return vae.graph();
        }

        @Override
        public GraphEngine engine() {
            return vae.engine();
        }

        @Override
        public List<String> parameters() {
            return vae.parameterNames();
        }

        @Override
        public String loss() {
            return ContinuousVae.LOSS;
        }

        @Override
        public Map<String, INDArray> feed(Batch batch) {
            int p = vae.spec().dataDim();
            int[] rows = batch.rows();
            double[] v = new double[rows.length * p];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(data[rows[i]], 0, v, i * p, p);
            }
            INDArray x = Nd4j.create(v, new long[]{rows.length, p}, DataType.DOUBLE);
            return vae.feed(x, batch.rng(), schedule.beta(batch.step()));
        }
    }
}

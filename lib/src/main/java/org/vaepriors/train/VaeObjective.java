package org.vaepriors.train;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.Binarization;
import org.vaepriors.data.ImageSet;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.prior.EvaluationInputs;
import org.vaepriors.prior.StepHooks;

/**
 * A VAE's training objective: -(log p(x|z) - beta KL) with one reparameterised sample, on a batch of
 * training images binarised anew (dynamic binarisation), the prior's per-step hooks included.
 */
public final class VaeObjective implements Objective {
    private final VaeModel<?> model;
    private final ImageSet train;
    private final TrainSpec spec;
    private final List<String> parameters;
    private final List<String> terms;
    /** Steps of an epoch of shuffled batches, to count iterations for a warm-up counted in them. */
    private final int stepsPerEpoch;

    /**
     * @param model     the model, trained in place
     * @param train     grey training images
     * @param spec      the training settings (the KL warm-up)
     * @param trainable which parameters (by graph name) are trained; the others stay frozen
     * @throws IllegalArgumentException if the filter selects no parameter
     */
    public VaeObjective(VaeModel<?> model, ImageSet train, TrainSpec spec, Predicate<String> trainable) {
        this.model = Objects.requireNonNull(model, "model");
        this.train = Objects.requireNonNull(train, "train");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.parameters = model.parameterNames().stream().filter(trainable).toList();
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("the trainable-parameter filter selects none of the model's "
                    + model.parameterNames().size() + " parameters (e.g. " + model.parameterNames().get(0) + ")");
        }
        this.terms = List.of(GraphNames.LOG_PX, model.trainingKl());
        this.stepsPerEpoch = (train.size() + spec.batchSize() - 1) / spec.batchSize();
    }

    @Override
    public SameDiff graph() {
        return model.graph();
    }

    @Override
    public GraphEngine engine() {
        return model.engine();
    }

    @Override
    public List<String> parameters() {
        return parameters;
    }

    @Override
    public String loss() {
        return GraphNames.LOSS;
    }

    /** @return log p(x|z) and the KL the loss uses */
    @Override
    public List<String> terms() {
        return terms;
    }

    @Override
    public Map<String, INDArray> feed(Batch batch) {
        int[] rows = batch.rows();
        int p = train.dim();
        float[] bits = new float[rows.length * p];
        for (int i = 0; i < rows.length; i++) {
            train.copyImage(rows[i], bits, i * p);
        }
        Binarization.bernoulli(bits, bits, batch.rng());
        INDArray x = HostArrays.floats(bits, rows.length, p);
        long iteration = (long) (batch.epoch() - 1) * stepsPerEpoch + batch.step();
        return model.trainingFeed(x, rows, batch.rng(), spec.beta(batch.epoch(), iteration));
    }

    @Override
    public List<String> stepOutputs() {
        return model.prior() instanceof StepHooks h ? h.stepOutputs() : List.of();
    }

    @Override
    public void afterStep(Map<String, INDArray> outputs) {
        if (model.prior() instanceof StepHooks h) {
            h.afterStep(outputs);
        }
        if (model.prior() instanceof EvaluationInputs inputs) {
            inputs.parametersChanged();
        }
    }

    @Override
    public void beginEpoch(int epoch) {
        if (model.prior() instanceof StepHooks h) {
            h.beginEpoch(epoch);
        }
    }
}

package org.vaepriors.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.model.GraphNames;
import org.vaepriors.model.VaeModel;
import org.vaepriors.prior.Prior;

/**
 * One optimiser step on one batch, the same for the {@link Trainer} and the benchmarks: the prior's
 * training placeholders, the gradients, a finiteness check, the update, and the prior's after-step hook.
 */
public final class GradientStep {
    private final VaeModel model;
    private final AdamNormGrad adam;
    private final Map<String, INDArray> params = new HashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<String> trainable;

    /**
     * @param model the model, all of its parameters trained in place
     * @param adam  the optimiser
     */
    public GradientStep(VaeModel model, AdamNormGrad adam) {
        this(model, adam, name -> true);
    }

    /**
     * @param model     the model, trained in place
     * @param adam      the optimiser
     * @param trainable which parameters to train (e.g. only the prior's, post-hoc); the others stay frozen
     * @throws IllegalArgumentException if it selects no parameter
     */
    public GradientStep(VaeModel model, AdamNormGrad adam, Predicate<String> trainable) {
        this.model = model;
        this.adam = adam;
        this.trainable = model.parameterNames().stream().filter(trainable).toList();
        if (this.trainable.isEmpty()) {
            throw new IllegalArgumentException("the trainable-parameter filter selects none of the model's "
                    + model.parameterNames().size() + " parameters (e.g. " + model.parameterNames().get(0) + ")");
        }
        for (String name : this.trainable) {
            params.put(name, model.graph().getArrForVarName(name));
        }
        outputs.add(GraphNames.LOSS);
        outputs.add(GraphNames.LOG_PX);
        outputs.add(model.trainingKl());
        outputs.addAll(model.prior().trainingOutputs());
    }

    /**
     * What a step computed (before its update).
     *
     * @param loss     the batch loss
     * @param sumLogPx the batch's sum of log p(x|z)
     * @param sumKl    the batch's sum of the training KL
     * @param failure  null, or why the step was not taken (a non-finite loss or gradient, diagnosed)
     */
    public record Result(double loss, double sumLogPx, double sumKl, String failure) {
    }

    /**
     * @param x       {@code [B, P]} binarised batch
     * @param indices training-set indices of the rows, or null
     * @param rng     the step's generator
     * @param beta    the KL weight
     * @return the outputs; on failure the parameters are unchanged
     */
    public Result run(INDArray x, int[] indices, RandomGenerator rng, double beta) {
        Map<String, INDArray> feed = model.trainingFeed(x, indices, rng, beta);
        OutAndGrad r = model.engine().gradientsAndOutputs(feed, outputs, trainable);
        Map<String, INDArray> out = r.getOutputs();
        double loss = out.get(GraphNames.LOSS).getDouble(0);
        if (!Double.isFinite(loss)) {
            return new Result(loss, Double.NaN, Double.NaN, diagnose(out, loss, null));
        }
        // the gradient norms are computed once, for the finiteness check and the normalisation
        String bad = adam.updateIfFinite(params, r.getGradients(), trainable);
        if (bad != null) {
            return new Result(loss, Double.NaN, Double.NaN, diagnose(out, loss, bad));
        }
        Prior prior = model.prior();
        Map<String, INDArray> forPrior = new HashMap<>();
        for (String name : prior.trainingOutputs()) {
            forPrior.put(name, out.get(name));
        }
        prior.afterStep(forPrior);
        return new Result(loss, out.get(GraphNames.LOG_PX).sumNumber().doubleValue(),
                out.get(model.trainingKl()).sumNumber().doubleValue(), null);
    }

    /** Names the term that went non-finite and in how many examples. */
    private String diagnose(Map<String, INDArray> out, double loss, String badGradient) {
        StringBuilder sb = new StringBuilder();
        if (badGradient != null) {
            sb.append("the loss is finite (").append(String.format(Locale.ROOT, "%.3f", loss))
                    .append(") but the gradient of ").append(badGradient).append(" is not");
        } else {
            sb.append("the loss is ").append(loss);
        }
        for (String term : new String[]{GraphNames.LOG_PX, model.trainingKl()}) {
            double[] v = out.get(term).castTo(DataType.DOUBLE).toDoubleVector();
            int bad = 0;
            double example = 0;
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    bad++;
                    example = x;
                }
            }
            if (bad > 0) {
                sb.append("; ").append(term).append(" is ").append(example).append(" for ").append(bad)
                        .append(" of ").append(v.length).append(" examples");
            }
        }
        return sb.append(". Lower the learning rate or check the prior's parameters; the best checkpoint is kept.").toString();
    }
}

package org.vaepriors.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimiser step of an {@link Objective}, the same for every training loop and the benchmarks: the
 * step's placeholders, the loss, terms and gradients in one pass, a finiteness check that names the term
 * that failed, the update, and the objective's after-step hook.
 */
public final class GradientStep {
    private final Objective objective;
    private final Map<String, INDArray> params = new HashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private AdamNormGrad optimiser;

    /**
     * @param objective what is trained
     * @param optimiser the optimiser
     * @throws IllegalArgumentException if the objective trains no parameter
     */
    public GradientStep(Objective objective, AdamNormGrad optimiser) {
        this.objective = objective;
        this.optimiser = optimiser;
        if (objective.parameters().isEmpty()) {
            throw new IllegalArgumentException("the objective trains no parameter: check its trainable-parameter filter");
        }
        for (String name : objective.parameters()) {
            params.put(name, objective.graph().getArrForVarName(name));
        }
        outputs.add(objective.loss());
        for (String t : objective.terms()) {
            if (!outputs.contains(t)) {
                outputs.add(t);
            }
        }
        for (String o : objective.stepOutputs()) {
            if (!outputs.contains(o)) {
                outputs.add(o);
            }
        }
    }

    /** @return the optimiser */
    public AdamNormGrad optimiser() {
        return optimiser;
    }

    /** @param next the optimiser from now on (a schedule that restarts it with another learning rate) */
    public void optimiser(AdamNormGrad next) {
        optimiser = next;
    }

    /**
     * What a step computed (before its update).
     *
     * @param loss     the batch loss
     * @param termSums the batch sum of each of the objective's terms, in its order
     * @param failure  null, or why the step was not taken (a non-finite loss or gradient, diagnosed)
     */
    public record Result(double loss, double[] termSums, String failure) {
    }

    /**
     * @param batch the step
     * @return what it computed; on failure the parameters are unchanged
     */
    public Result run(Batch batch) {
        Map<String, INDArray> feed = objective.feed(batch);
        OutAndGrad r = objective.engine().gradientsAndOutputs(feed, outputs, objective.parameters());
        Map<String, INDArray> out = r.getOutputs();
        double loss = out.get(objective.loss()).getDouble(0);
        List<String> terms = objective.terms();
        if (!Double.isFinite(loss)) {
            return new Result(loss, new double[terms.size()], diagnose(out, loss, null));
        }
        // the gradient norms are computed once, for the finiteness check and the normalisation
        String bad = optimiser.updateIfFinite(params, r.getGradients(), objective.parameters());
        if (bad != null) {
            return new Result(loss, new double[terms.size()], diagnose(out, loss, bad));
        }
        Map<String, INDArray> forHook = new HashMap<>();
        for (String name : objective.stepOutputs()) {
            forHook.put(name, out.get(name));
        }
        objective.afterStep(forHook);
        double[] sums = new double[terms.size()];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = out.get(terms.get(i)).sumNumber().doubleValue();
        }
        return new Result(loss, sums, null);
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
        for (String term : objective.terms()) {
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

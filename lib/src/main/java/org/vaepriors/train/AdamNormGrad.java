package org.vaepriors.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * "Gradient-normalised Adam", the optimiser of the VampPrior and Exemplar VAE code: every parameter
 * tensor's gradient is divided by its L2 norm (plus 1e-7), then Adam updates the parameter exactly as
 * PyTorch's Adam does (bias corrections, eps added to the corrected square root).
 *
 * <pre>
 * g  = g / (||g||_2 + 1e-7)
 * m  = b1 m + (1 - b1) g            v = b2 v + (1 - b2) g^2
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * Each tensor's update is four native calls, in place: the norm, the division, libnd4j's fused Adam
 * step, and the subtraction. libnd4j's step computes lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + e);
 * passing e = eps sqrt(1 - b2^t) makes it PyTorch's formula exactly.
 */
public final class AdamNormGrad {
    /** Added to the gradient norm before dividing. */
    public static final double NORM_EPS = 1e-7;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean normalise;
    private final Map<String, INDArray> m = new HashMap<>();
    private final Map<String, INDArray> v = new HashMap<>();
    private long step;

    /**
     * @param lr        the learning rate
     * @param normalise divide each gradient tensor by its norm first (true for AdamNormGrad, false for Adam)
     */
    public AdamNormGrad(double lr, boolean normalise) {
        this(lr, 0.9, 0.999, 1e-8, normalise);
    }

    /**
     * @param lr        the learning rate
     * @param beta1     first-moment decay
     * @param beta2     second-moment decay
     * @param eps       the denominator's epsilon
     * @param normalise divide each gradient tensor by its norm first
     */
    public AdamNormGrad(double lr, double beta1, double beta2, double eps, boolean normalise) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.normalise = normalise;
    }

    /**
     * One update of every parameter.
     *
     * @param params    name to parameter array (updated in place)
     * @param gradients name to gradient (overwritten: normalised in place)
     * @param names     the parameters to update
     */
    public void update(Map<String, INDArray> params, Map<String, INDArray> gradients, List<String> names) {
        step++;
        double bc2 = 1 - Math.pow(beta2, step);
        double sqrtBc2 = Math.sqrt(bc2);
        for (String name : names) {
            INDArray g = gradients.get(name);
            INDArray p = params.get(name);
            if (g == null) {
                continue; // a parameter the loss does not depend on in this graph
            }
            if (normalise) {
                g.divi(g.norm2Number().doubleValue() + NORM_EPS);
            }
            INDArray mt = m.computeIfAbsent(name, k -> p.ulike().assign(0));
            INDArray vt = v.computeIfAbsent(name, k -> p.ulike().assign(0));
            Nd4j.exec(new AdamUpdater(g, vt, mt, g, vt, mt, lr, beta1, beta2, eps * sqrtBc2, (int) (step - 1)));
            p.subi(g);
        }
    }

    /** @return the number of updates made */
    public long steps() {
        return step;
    }

    /** @return the first-moment estimates by parameter name (live arrays, for checkpoints) */
    public Map<String, INDArray> firstMoments() {
        return m;
    }

    /** @return the second-moment estimates by parameter name (live arrays, for checkpoints) */
    public Map<String, INDArray> secondMoments() {
        return v;
    }

    /**
     * Restores the state saved in a checkpoint.
     *
     * @param steps updates made
     * @param first first moments
     * @param second second moments
     */
    public void restore(long steps, Map<String, INDArray> first, Map<String, INDArray> second) {
        this.step = steps;
        m.clear();
        v.clear();
        first.forEach((k, a) -> m.put(k, a.dup()));
        second.forEach((k, a) -> v.put(k, a.dup()));
    }
}

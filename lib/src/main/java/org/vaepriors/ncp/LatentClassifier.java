package org.vaepriors.ncp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.Quiet;

/**
 * The NCP binary classifier D(z) = sigmoid(f(z)), f an MLP with ReLU hidden layers and one logit, in a
 * SameDiff graph of its own, so that training it leaves the VAE untouched. Its loss is the binary
 * cross-entropy with the aggregate posterior as class 1 and the base prior as class 0, equal batches:
 * <pre>
 * L = - E_q[log D(z)] - E_p[log (1 - D(z))] = E_q[softplus(-f(z))] + E_p[softplus(f(z))]
 * </pre>
 * whose minimiser is f(z) = log q(z) / p(z): the logit is the log density ratio ({@link LogDensityRatio}).
 *
 * <pre>
 * Aneja, Schwing, Kautz &amp; Vahdat, A Contrastive Learning Approach for Training Variational
 * Autoencoder Priors, NeurIPS 2021, Eq. (3).
 * </pre>
 */
public final class LatentClassifier implements LogDensityRatio {
    /** Placeholder: samples of class 1 (the aggregate posterior), {@code [B, d]}. */
    public static final String Z_POSITIVE = "zPos";
    /** Placeholder: samples of class 0 (the base prior), {@code [B, d]}. */
    public static final String Z_NEGATIVE = "zNeg";
    /** Placeholder: latents to score, {@code [B, d]}. */
    public static final String Z = "z";
    /** Output: the binary cross-entropy, a scalar. */
    public static final String LOSS = "loss";
    /** Output: the logit f(z) of {@link #Z}, {@code [B]}. */
    public static final String LOGIT = "logit";
    private static final int ROWS_PER_PASS = 8192;

    private final int latentDim;
    private final int layers;
    private final SameDiff sd;
    private final GraphEngine engine;
    private final DataType dtype;
    private final List<String> parameters = new ArrayList<>();

    /**
     * Builds the graph with He-normal weights from {@code seed}.
     *
     * @param latentDim d, the dimension of z
     * @param hidden    units per hidden layer (the paper: 256)
     * @param layers    hidden layers (the paper: 4)
     * @param dtype     FLOAT for training, DOUBLE for gradient checks
     * @param seed      the weight seed
     * @throws IllegalArgumentException if a size is below 1
     */
    public LatentClassifier(int latentDim, int hidden, int layers, DataType dtype, long seed) {
        if (latentDim < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("latentDim, hidden and layers must be >= 1, got " + latentDim + ", "
                    + hidden + ", " + layers);
        }
        this.latentDim = latentDim;
        this.layers = layers;
        this.dtype = dtype;
        this.sd = SameDiff.create();
        this.engine = new GraphEngine(sd);
        Layers.Builder b = new Layers.Builder(sd, dtype, new SplittableRandom(seed));
        List<Layers.Layer> net = new ArrayList<>();
        int in = latentDim;
        for (int i = 1; i <= layers; i++) {
            net.add(b.dense(layerName(i), in, hidden));
            in = hidden;
        }
        net.add(b.dense(layerName(layers + 1), hidden, 1));
        for (int i = 1; i <= layers + 1; i++) {
            parameters.add(layerName(i) + "/W");
            parameters.add(layerName(i) + "/b");
        }
        SDVariable pos = logit(sd, sd.placeHolder(Z_POSITIVE, dtype, -1, latentDim), net);
        SDVariable neg = logit(sd, sd.placeHolder(Z_NEGATIVE, dtype, -1, latentDim), net);
        softplus(sd, pos.neg()).mean().add(softplus(sd, neg).mean()).rename(LOSS);
        logit(sd, sd.placeHolder(Z, dtype, -1, latentDim), net).rename(LOGIT);
        sd.setLossVariables(LOSS);
        // SameDiff M2.1 prints a line per op to System.out when it builds the gradient graph: build it now, quietly
        Quiet.run(sd::createGradFunction);
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    /** @return the classifier's own graph (its training feeds {@link #Z_POSITIVE}, {@link #Z_NEGATIVE}) */
    public SameDiff graph() {
        return sd;
    }

    /** @return what runs the graph: forward passes and gradients, replayed once a call repeats */
    public GraphEngine engine() {
        return engine;
    }

    /** @return the names of the weights and biases, input layer first */
    public List<String> parameterNames() {
        return List.copyOf(parameters);
    }

    /**
     * @param positives {@code [B, d]} class 1
     * @param negatives {@code [B, d]} class 0
     * @return the placeholders of one training step
     */
    public Map<String, INDArray> feed(INDArray positives, INDArray negatives) {
        return Map.of(Z_POSITIVE, positives.castTo(dtype), Z_NEGATIVE, negatives.castTo(dtype));
    }

    @Override
    public double[] logRatio(INDArray z) {
        int n = (int) z.size(0);
        double[] out = new double[n];
        for (int from = 0; from < n; from += ROWS_PER_PASS) {
            int to = Math.min(n, from + ROWS_PER_PASS);
            INDArray rows = z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray l = engine.output(Map.of(Z, rows.castTo(dtype)), LOGIT).get(LOGIT);
            System.arraycopy(l.castTo(DataType.DOUBLE).toDoubleVector(), 0, out, from, to - from);
        }
        return out;
    }

    @Override
    public SDVariable logRatio(SameDiff target, SDVariable z, String prefix) {
        List<Layers.Layer> net = new ArrayList<>();
        for (int i = 1; i <= layers + 1; i++) {
            SDVariable w = target.constant(prefix + "/" + layerName(i) + "/W",
                    sd.getArrForVarName(layerName(i) + "/W").castTo(z.dataType()).dup());
            SDVariable b = target.constant(prefix + "/" + layerName(i) + "/b",
                    sd.getArrForVarName(layerName(i) + "/b").castTo(z.dataType()).dup());
            net.add(x -> x.mmul(w).add(b));
        }
        return logit(target, z, net);
    }

    private static SDVariable logit(SameDiff sd, SDVariable z, List<Layers.Layer> net) {
        SDVariable h = z;
        for (int i = 0; i < net.size(); i++) {
            h = net.get(i).apply(h);
            if (i < net.size() - 1) {
                h = sd.nn().relu(h, 0);
            }
        }
        // [B, 1] to [B] by a reshape: reducing along a dimension of size 1 fails in SameDiff M2.1
        return sd.reshape(h, -1);
    }

    /** softplus(t) = relu(t) + softplus(-|t|), stable for any t (the exp never sees a positive argument). */
    private static SDVariable softplus(SameDiff sd, SDVariable t) {
        return sd.nn().relu(t, 0).add(sd.nn().softplus(sd.math().abs(t).neg()));
    }

    private static String layerName(int i) {
        return "D/" + i;
    }
}

package org.vaepriors.exemplar;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.nn.Layers;
import org.vaepriors.nn.Quiet;
import org.vaepriors.nn.SdMath;
import org.vaepriors.train.AdamNormGrad;
import org.vaepriors.train.Batch;
import org.vaepriors.train.Batches;
import org.vaepriors.train.Objective;
import org.vaepriors.train.Seeds;
import org.vaepriors.train.TrainingLoop;

/**
 * A multi-layer perceptron classifier of images, trained with label-smoothed cross-entropy, optionally on
 * real plus generated images: loss = w * CE(real batch) + (1 - w) * CE(augmented batch), where the
 * augmented batch is made from the real one by a generator that keeps its labels (Exemplar VAE: one
 * exemplar-conditioned sample per real image).
 */
public final class MlpClassifier {
    private static final String X = "x";
    private static final String TARGETS = "targets";
    private static final String WEIGHTS = "weights";
    private static final String LOGITS = "logits";
    private static final String LOSS = "loss";
    private static final int EVAL_BATCH = 1000;

    private final SameDiff sd;
    private final GraphEngine engine;
    private final int classes;
    private final List<String> params;

    private MlpClassifier(int inputs, int classes, List<Integer> hidden, long seed) {
        this.classes = classes;
        sd = SameDiff.create();
        engine = new GraphEngine(sd);
        Layers.Builder b = new Layers.Builder(sd, DataType.FLOAT, new SplittableRandom(seed));
        SDVariable h = sd.placeHolder(X, DataType.FLOAT, -1, inputs);
        int in = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            h = sd.nn().relu(b.dense("mlp/" + i, in, hidden.get(i)).apply(h), 0);
            in = hidden.get(i);
        }
        SDVariable logits = b.dense("mlp/out", in, classes).apply(h).rename(LOGITS);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.FLOAT, -1, classes);
        SDVariable weights = sd.placeHolder(WEIGHTS, DataType.FLOAT, -1);
        SDVariable logSoftmax = logits.sub(sd.expandDims(SdMath.logSumExp(sd, logits, 1), 1));
        SDVariable ce = logSoftmax.mul(targets).sum(1).neg();
        ce.mul(weights).sum(LOSS);
        sd.setLossVariables(LOSS);
        Quiet.run(sd::createGradFunction);
        params = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
    }

    /**
     * Trains a classifier in the library's training loop: epochs over the shuffled real images, each
     * epoch's shuffling and augmentation drawn from its own stream.
     *
     * @param train     grey training images with labels
     * @param augment   makes an augmented batch from a real one (same labels), or null for no augmentation
     * @param spec      the settings
     * @param seed      initialisation and shuffling
     * @return the trained classifier
     * @throws IllegalStateException if training diverged, with the diagnosis
     */
    public static MlpClassifier train(ImageSet train, BiFunction<INDArray, RandomGenerator, INDArray> augment,
                                      ClassifierSpec spec, long seed) {
        int classes = Arrays.stream(train.labels()).max().orElse(0) + 1;
        MlpClassifier c = new MlpClassifier(train.dim(), classes, spec.hidden(), seed);
        if (spec.sgd() != null) {
            c.trainWithSgd(c.new Fit(train, augment, spec), train.size(), spec, seed);
            return c;
        }
        TrainingLoop.Result r = new TrainingLoop(c.new Fit(train, augment, spec), Batches.shuffled(train.size(), spec.batchSize()),
                epoch -> Seeds.stream(seed, "classifier-epoch", epoch), new AdamNormGrad(spec.learningRate(), false))
                .run(1, spec.epochs());
        if (r.diverged()) {
            throw new IllegalStateException("the classifier diverged: " + r.divergence().diagnosis());
        }
        return c;
    }

    /**
     * SGD with classical momentum and a linear learning-rate decay, as the authors' code trains the classifier
     * (PyTorch's {@code SGD(momentum=0.9)} with {@code LambdaLR}). The library's training loop knows only
     * gradient-normalised Adam, so the few lines of this loop live here; each epoch's shuffling and augmentation are
     * drawn from the same per-epoch streams as there.
     */
    private void trainWithSgd(Fit fit, int n, ClassifierSpec spec, long seed) {
        Map<String, INDArray> velocity = new java.util.HashMap<>();
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            double lr = spec.learningRate() * spec.sgd().factor(epoch, spec.epochs());
            RandomGenerator rng = Seeds.stream(seed, "classifier-epoch", epoch);
            int[] order = org.vaepriors.math.Permutations.shuffled(n, rng);
            int steps = (n + spec.batchSize() - 1) / spec.batchSize();
            for (int step = 1; step <= steps; step++) {
                int[] rows = Arrays.copyOfRange(order, (step - 1) * spec.batchSize(), Math.min(n, step * spec.batchSize()));
                var out = sd.calculateGradientsAndOutputs(fit.feed(new Batch(epoch, step, rows, rng)), List.of(LOSS), params);
                double loss = out.getOutputs().get(LOSS).getDouble(0);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("the classifier diverged: its loss is " + loss + " in epoch " + epoch
                            + ", step " + step + " (learning rate " + lr + ")");
                }
                for (String p : params) {
                    INDArray g = out.getGradients().get(p);
                    INDArray v = velocity.get(p);
                    if (v == null) {
                        v = g.dup(); // PyTorch starts the buffer at the first gradient
                        velocity.put(p, v);
                    } else {
                        v.muli(spec.sgd().momentum()).addi(g);
                    }
                    sd.getArrForVarName(p).subi(v.mul(lr));
                }
            }
        }
    }

    /** Label-smoothed cross-entropy on a batch of real images, and of augmented ones when asked. */
    private final class Fit implements Objective {
        private final ImageSet train;
        private final BiFunction<INDArray, RandomGenerator, INDArray> augment;
        private final ClassifierSpec spec;

        Fit(ImageSet train, BiFunction<INDArray, RandomGenerator, INDArray> augment, ClassifierSpec spec) {
            this.train = train;
            this.augment = augment;
            this.spec = spec;
        }

        @Override
        public SameDiff graph() {
            return sd;
        }

        @Override
        public GraphEngine engine() {
            return engine;
        }

        @Override
        public List<String> parameters() {
            return params;
        }

        @Override
        public String loss() {
            return LOSS;
        }

        @Override
        public Map<String, INDArray> feed(Batch batch) {
            int[] rows = batch.rows();
            ImageSet b = train.select(rows);
            INDArray x = HostArrays.floats(b.pixels(), rows.length, train.dim());
            INDArray t = targets(b.labels(), spec.labelSmoothing());
            INDArray w;
            if (augment == null) {
                w = Nd4j.valueArrayOf(new long[]{rows.length}, 1.0f / rows.length);
            } else {
                INDArray generated = augment.apply(x, batch.rng()).castTo(DataType.FLOAT);
                x = Nd4j.concat(0, x, generated);
                t = Nd4j.concat(0, t, t);
                w = Nd4j.concat(0, Nd4j.valueArrayOf(new long[]{rows.length}, (float) (spec.realWeight() / rows.length)),
                        Nd4j.valueArrayOf(new long[]{rows.length}, (float) ((1 - spec.realWeight()) / rows.length)));
            }
            return Map.of(X, x, TARGETS, t, WEIGHTS, w);
        }
    }

    private INDArray targets(int[] labels, double smoothing) {
        float off = (float) (smoothing / classes);
        INDArray t = Nd4j.valueArrayOf(new long[]{labels.length, classes}, off);
        for (int i = 0; i < labels.length; i++) {
            t.putScalar(i, labels[i], 1 - smoothing + off);
        }
        return t;
    }

    /**
     * @param images grey images
     * @return the predicted class of each
     */
    public int[] predict(ImageSet images) {
        int[] out = new int[images.size()];
        for (int from = 0; from < images.size(); from += EVAL_BATCH) {
            int to = Math.min(images.size(), from + EVAL_BATCH);
            INDArray x = HostArrays.floats(images.images(from, to), to - from, images.dim());
            INDArray arg = engine.output(Map.of(X, x), LOGITS).get(LOGITS).argMax(1);
            for (int i = 0; i < to - from; i++) {
                out[from + i] = arg.getInt(i);
            }
        }
        return out;
    }

    /**
     * @param test labelled grey images
     * @return the share misclassified
     */
    public double error(ImageSet test) {
        int[] p = predict(test);
        int wrong = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] != test.label(i)) {
                wrong++;
            }
        }
        return wrong / (double) p.length;
    }
}

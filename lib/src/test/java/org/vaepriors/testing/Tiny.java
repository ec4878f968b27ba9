package org.vaepriors.testing;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.train.AdamNormGrad;
import org.vaepriors.train.Batch;
import org.vaepriors.train.GradientStep;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.train.VaeObjective;

/** Tiny models and data for fast tests. */
public final class Tiny {
    private Tiny() {
    }

    /**
     * @param n    images
     * @param side image side
     * @param seed seed
     * @return random grey images with a little structure (a bright row per class)
     */
    public static ImageSet images(int n, int side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[n * side * side];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(side);
            for (int j = 0; j < side * side; j++) {
                boolean bright = j / side == labels[i];
                px[i * side * side + j] = (float) (bright ? 0.7 + 0.3 * rng.nextDouble() : 0.2 * rng.nextDouble());
            }
        }
        return new ImageSet("tiny", side, side, px, labels);
    }

    /**
     * @param kind   architecture
     * @param side   image side (a multiple of 4 for ConvHVAE)
     * @param latent latent size
     * @param hidden hidden units
     * @return the spec
     */
    public static ArchitectureSpec arch(ArchitectureSpec.Kind kind, int side, int latent, int hidden) {
        return new ArchitectureSpec(kind, side, side, latent, hidden);
    }

    /**
     * @param set   images
     * @param dtype the type
     * @return them binarised with seed 3, as an array
     */
    public static INDArray binary(ImageSet set, DataType dtype) {
        return Nd4j.create(set.binarized(3L).pixels(), new long[]{set.size(), set.dim()}, 'c').castTo(dtype);
    }

    /**
     * One optimiser step at a time on a VAE, all parameters or a filtered subset, KL weight 1.
     *
     * @param m         the model
     * @param train     grey training images, binarised anew per step
     * @param lr        AdamNormGrad's learning rate
     * @param trainable which parameters are trained
     * @return the step
     */
    public static GradientStep step(VaeModel<?> m, ImageSet train, double lr, Predicate<String> trainable) {
        return new GradientStep(new VaeObjective(m, train, TrainSpec.paper().withWarmup(0), trainable),
                new AdamNormGrad(lr, true));
    }

    /**
     * @param m     the model
     * @param train grey training images
     * @param lr    the learning rate
     * @return a step that trains every parameter
     */
    public static GradientStep step(VaeModel<?> m, ImageSet train, double lr) {
        return step(m, train, lr, name -> true);
    }

    /**
     * @param step the step
     * @param rows training rows of the batch
     * @param seed the step's generator seed
     * @return what the step computed
     */
    public static GradientStep.Result run(GradientStep step, int[] rows, long seed) {
        return step.run(new Batch(1, 1, rows, new SplittableRandom(seed)));
    }

    /**
     * @param n how many
     * @return 0, 1, ..., n - 1
     */
    public static int[] rows(int n) {
        return IntStream.range(0, n).toArray();
    }
}

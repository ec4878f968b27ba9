package org.vaepriors.testing;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;

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
}

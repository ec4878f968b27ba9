package org.vaepriors.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A set of grey-level images with labels: {@code size()} images of {@code rows x cols} pixels in [0, 1],
 * stored row-major in one float array ({@code [size, rows * cols]}).
 *
 * <p>Immutable by contract: {@link #pixels()} returns the backing array for speed (copying 50,000 images
 * per epoch would dominate small models), and nothing in the library writes to it.
 */
public final class ImageSet {
    private final String name;
    private final int rows;
    private final int cols;
    private final float[] pixels;
    private final int[] labels;

    /**
     * @param name   a short description, e.g. "fashion-mnist/train"
     * @param rows   image height in pixels
     * @param cols   image width in pixels
     * @param pixels {@code [n, rows * cols]} row-major, values in [0, 1]
     * @param labels {@code [n]} class labels
     * @throws IllegalArgumentException if the sizes disagree or a pixel lies outside [0, 1]
     */
    public ImageSet(String name, int rows, int cols, float[] pixels, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + rows + "x" + cols);
        }
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " values, expected " + labels.length
                    + " images of " + rows + "x" + cols);
        }
        for (float v : pixels) {
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException(name + ": pixel value " + v + " outside [0, 1]");
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** @return a short description, e.g. "fashion-mnist/train" */
    public String name() {
        return name;
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    /** @return image height */
    public int rows() {
        return rows;
    }

    /** @return image width */
    public int cols() {
        return cols;
    }

    /** @return pixels per image, {@code rows * cols} (784 for 28x28) */
    public int dim() {
        return rows * cols;
    }

    /** @return the backing array {@code [size, dim]}; do not modify */
    public float[] pixels() {
        return pixels;
    }

    /** @return a copy of the labels */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param i image index
     * @return the label of image {@code i}
     */
    public int label(int i) {
        return labels[i];
    }

    /**
     * @param i image index
     * @return a copy of image {@code i}, {@code [dim]}
     */
    public float[] image(int i) {
        Objects.checkIndex(i, size());
        return Arrays.copyOfRange(pixels, i * dim(), (i + 1) * dim());
    }

    /**
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return images {@code from..to-1}
     */
    public ImageSet slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        return new ImageSet(name, rows, cols, Arrays.copyOfRange(pixels, from * dim(), to * dim()),
                Arrays.copyOfRange(labels, from, to), false);
    }

    /**
     * @param indices image indices, in the order wanted (repeats allowed)
     * @return the selected images
     */
    public ImageSet select(int[] indices) {
        int d = dim();
        float[] px = new float[indices.length * d];
        int[] lb = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], size());
            System.arraycopy(pixels, i * d, px, k * d, d);
            lb[k] = labels[i];
        }
        return new ImageSet(name, rows, cols, px, lb, false);
    }

    /**
     * @param n the most images to keep
     * @return the first {@code n} images, or this set if it holds no more than {@code n}
     */
    public ImageSet limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + n);
        }
        return n >= size() ? this : slice(0, n);
    }

    /**
     * A binarised copy, each pixel drawn once as Bernoulli(pixel) from a generator seeded with {@code seed}.
     * Used for validation and test sets, which the papers binarise once with a fixed seed.
     *
     * @param seed the seed
     * @return a copy with pixels in {0, 1}
     */
    public ImageSet binarized(long seed) {
        float[] out = new float[pixels.length];
        Binarization.bernoulli(pixels, out, Binarization.rng(seed));
        return new ImageSet(name + " (binarised, seed " + seed + ")", rows, cols, out, labels, false);
    }

    /**
     * A generator-driven binarised copy, for dynamic binarisation where a caller owns the stream.
     *
     * @param rng the generator
     * @return a copy with pixels in {0, 1}
     */
    public ImageSet binarized(RandomGenerator rng) {
        float[] out = new float[pixels.length];
        Binarization.bernoulli(pixels, out, rng);
        return new ImageSet(name + " (binarised)", rows, cols, out, labels, false);
    }

    /**
     * @return the mean pixel value over all images (a quick sanity figure for data tables)
     */
    public double meanPixel() {
        double s = 0;
        for (float v : pixels) {
            s += v;
        }
        return pixels.length == 0 ? 0 : s / pixels.length;
    }

    @Override
    public String toString() {
        return name + " [" + size() + " x " + rows + "x" + cols + "]";
    }

    // Internal: the arrays were produced here and are already valid.
    private ImageSet(String name, int rows, int cols, float[] pixels, int[] labels, boolean unused) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }
}

package org.vaepriors.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A set of grey-level images with labels: {@code size()} images of {@code rows x cols} pixels in [0, 1],
 * row-major ({@code [size, rows * cols]}).
 *
 * <p>Images read from 8-bit files (MNIST, Fashion-MNIST) and binarised sets are held as one byte per pixel,
 * pixel = byte / 255 (or byte, binarised): a quarter of the memory of floats (Fashion-MNIST's 50,000 training
 * images: 39 MB instead of 157 MB), with the same float values: the division is the one the file's reader did.
 * Other sets (Omniglot's resampled images) are held as floats.
 *
 * <p>Immutable: the accessors copy ({@link #copyImage} into the caller's array, without allocating).
 */
public final class ImageSet {
    /** Byte k stands for k / 255 (how 8-bit image files are read). */
    private static final float[] GREY = new float[256];
    /** Byte 0 stands for 0, byte 1 for 1 (binarised images). */
    private static final float[] BINARY = {0f, 1f};

    static {
        for (int k = 0; k < 256; k++) {
            GREY[k] = k / 255f;
        }
    }

    private final String name;
    private final int rows;
    private final int cols;
    private final float[] floats; // [n * dim], or null when the pixels are coded
    private final byte[] codes;   // [n * dim] unsigned bytes, pixel = levels[byte], or null when the pixels are floats
    private final float[] levels; // GREY or BINARY: a table is 2x faster than dividing each byte (no vector division)
    private final int[] labels;

    /**
     * @param name   a short description, e.g. "fashion-mnist/train"
     * @param rows   image height in pixels
     * @param cols   image width in pixels
     * @param pixels {@code [n, rows * cols]} row-major, values in [0, 1] (held, not copied)
     * @param labels {@code [n]} class labels
     * @throws IllegalArgumentException if the sizes disagree or a pixel lies outside [0, 1]
     */
    public ImageSet(String name, int rows, int cols, float[] pixels, int[] labels) {
        this(name, rows, cols, Objects.requireNonNull(pixels, "pixels"), null, null, labels, pixels.length);
        for (float v : pixels) {
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException(name + ": pixel value " + v + " outside [0, 1]");
            }
        }
    }

    /**
     * Images read from an 8-bit file: byte k is the grey level k / 255.
     *
     * @param name   a short description
     * @param rows   image height in pixels
     * @param cols   image width in pixels
     * @param bytes  {@code [n, rows * cols]} row-major, one unsigned byte per pixel (held, not copied)
     * @param labels {@code [n]} class labels
     * @return the set
     * @throws IllegalArgumentException if the sizes disagree
     */
    public static ImageSet ofBytes(String name, int rows, int cols, byte[] bytes, int[] labels) {
        return new ImageSet(name, rows, cols, null, Objects.requireNonNull(bytes, "bytes"), GREY, labels, bytes.length);
    }

    // Internal: one of floats and codes; the levels are GREY or BINARY.
    private ImageSet(String name, int rows, int cols, float[] floats, byte[] codes, float[] levels, int[] labels, int values) {
        this.name = Objects.requireNonNull(name, "name");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + rows + "x" + cols);
        }
        Objects.requireNonNull(labels, "labels");
        if ((long) labels.length * rows * cols != values) {
            throw new IllegalArgumentException("pixels hold " + values + " values, expected " + labels.length
                    + " images of " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.floats = floats;
        this.codes = codes;
        this.levels = levels;
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

    /** @return all pixels as floats, {@code [size, dim]} row-major: a copy (for a few images, {@link #images}) */
    public float[] pixels() {
        return images(0, size());
    }

    /**
     * Writes image {@code i} into {@code dst} at {@code offset}, without allocating.
     *
     * @param i      image index
     * @param dst    the destination
     * @param offset where image i's first pixel goes
     */
    public void copyImage(int i, float[] dst, int offset) {
        int d = dim();
        int from = Objects.checkIndex(i, size()) * d;
        Objects.checkFromIndexSize(offset, d, dst.length);
        if (floats != null) {
            System.arraycopy(floats, from, dst, offset, d);
        } else {
            for (int j = 0; j < d; j++) {
                dst[offset + j] = levels[codes[from + j] & 0xFF];
            }
        }
    }

    /**
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return images {@code from..to-1} as floats, {@code [to - from, dim]} row-major
     */
    public float[] images(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int d = dim();
        float[] out = new float[(to - from) * d];
        for (int i = from; i < to; i++) {
            copyImage(i, out, (i - from) * d);
        }
        return out;
    }

    /**
     * @param indices image indices, in the order wanted (repeats allowed)
     * @return those images as floats, {@code [indices.length, dim]} row-major
     */
    public float[] images(int[] indices) {
        int d = dim();
        float[] out = new float[indices.length * d];
        for (int k = 0; k < indices.length; k++) {
            copyImage(indices[k], out, k * d);
        }
        return out;
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
        float[] out = new float[dim()];
        copyImage(i, out, 0);
        return out;
    }

    /**
     * @param name the new description
     * @return the same images and labels under another name (the pixels are shared: both are immutable)
     */
    public ImageSet named(String name) {
        return new ImageSet(name, rows, cols, floats, codes, levels, labels, labels.length * dim());
    }

    /**
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return images {@code from..to-1}
     */
    public ImageSet slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int d = dim();
        return new ImageSet(name, rows, cols, floats == null ? null : Arrays.copyOfRange(floats, from * d, to * d),
                codes == null ? null : Arrays.copyOfRange(codes, from * d, to * d), levels,
                Arrays.copyOfRange(labels, from, to), (to - from) * d);
    }

    /**
     * @param indices image indices, in the order wanted (repeats allowed)
     * @return the selected images
     */
    public ImageSet select(int[] indices) {
        int d = dim();
        float[] fs = floats == null ? null : new float[indices.length * d];
        byte[] cs = codes == null ? null : new byte[indices.length * d];
        int[] lb = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], size());
            System.arraycopy(floats == null ? codes : floats, i * d, floats == null ? cs : fs, k * d, d);
            lb[k] = labels[i];
        }
        return new ImageSet(name, rows, cols, fs, cs, levels, lb, indices.length * d);
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
        return binarized(Binarization.rng(seed), name + " (binarised, seed " + seed + ")");
    }

    /**
     * A generator-driven binarised copy, for dynamic binarisation where a caller owns the stream.
     *
     * @param rng the generator
     * @return a copy with pixels in {0, 1}
     */
    public ImageSet binarized(RandomGenerator rng) {
        return binarized(rng, name + " (binarised)");
    }

    // One draw per pixel in order, as Binarization.bernoulli does: x = 1 if u < pixel.
    private ImageSet binarized(RandomGenerator rng, String newName) {
        int n = labels.length * dim();
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            float v = floats != null ? floats[i] : levels[codes[i] & 0xFF];
            out[i] = rng.nextFloat() < v ? (byte) 1 : (byte) 0;
        }
        return new ImageSet(newName, rows, cols, null, out, BINARY, labels, n);
    }

    /**
     * @return the mean pixel value over all images (a quick sanity figure for data tables)
     */
    public double meanPixel() {
        int n = labels.length * dim();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += floats != null ? floats[i] : levels[codes[i] & 0xFF];
        }
        return n == 0 ? 0 : s / n;
    }

    @Override
    public String toString() {
        return name + " [" + size() + " x " + rows + "x" + cols + "]";
    }
}

package org.vaepriors.data;

import java.util.Objects;

/**
 * A data set split into training, validation and test images, grey-level, with the binarised evaluation
 * copies the papers use.
 *
 * <p>Training images stay grey: the trainer binarises each batch anew (dynamic binarisation), and the
 * Exemplar prior uses the grey images as exemplars. Validation and test are binarised once, with
 * {@link Binarization#EVAL_SEED}, the first time they are asked for.
 */
public final class ImageDataset {
    private final DatasetId id;
    private final ImageSet train;
    private final ImageSet validation;
    private final ImageSet test;
    private final DataProvenance provenance;
    private volatile ImageSet validationBinary;
    private volatile ImageSet testBinary;

    /**
     * @param id         which data set
     * @param train      training images, grey
     * @param validation validation images, grey
     * @param test       test images, grey
     * @param provenance files and split
     */
    public ImageDataset(DatasetId id, ImageSet train, ImageSet validation, ImageSet test, DataProvenance provenance) {
        this.id = Objects.requireNonNull(id, "id");
        this.train = Objects.requireNonNull(train, "train");
        this.validation = Objects.requireNonNull(validation, "validation");
        this.test = Objects.requireNonNull(test, "test");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        if (train.dim() != validation.dim() || train.dim() != test.dim()) {
            throw new IllegalArgumentException("train, validation and test images differ in size");
        }
    }

    /** @return which data set */
    public DatasetId id() {
        return id;
    }

    /** @return training images, grey levels in [0, 1] */
    public ImageSet train() {
        return train;
    }

    /** @return validation images, grey */
    public ImageSet validation() {
        return validation;
    }

    /** @return test images, grey */
    public ImageSet test() {
        return test;
    }

    /** @return the validation images binarised once with {@link Binarization#EVAL_SEED} */
    public ImageSet validationBinary() {
        ImageSet v = validationBinary;
        if (v == null) {
            validationBinary = v = validation.binarized(Binarization.EVAL_SEED);
        }
        return v;
    }

    /** @return the test images binarised once with {@link Binarization#EVAL_SEED} + 1 */
    public ImageSet testBinary() {
        ImageSet t = testBinary;
        if (t == null) {
            testBinary = t = test.binarized(Binarization.EVAL_SEED + 1);
        }
        return t;
    }

    /** @return where the files came from and how they were split */
    public DataProvenance provenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return id + ": train " + train.size() + ", validation " + validation.size() + ", test " + test.size();
    }
}

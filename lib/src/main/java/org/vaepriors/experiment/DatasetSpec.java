package org.vaepriors.experiment;

import java.util.Objects;

import org.vaepriors.data.DatasetId;

/**
 * Which data set a run trains on, and how much of its training and validation parts.
 *
 * @param id              the data set
 * @param trainLimit      the first this-many training images, 0 for all
 * @param validationLimit the first this-many validation images for early stopping, 0 for all (small
 *                        profiles validate on fewer images than an epoch of training costs)
 */
public record DatasetSpec(DatasetId id, int trainLimit, int validationLimit) {

    /** Validates the fields. */
    public DatasetSpec {
        Objects.requireNonNull(id, "id");
        if (trainLimit < 0 || validationLimit < 0) {
            throw new IllegalArgumentException("trainLimit and validationLimit must be >= 0 (0 = all), got "
                    + trainLimit + ", " + validationLimit);
        }
    }

    /**
     * @param id         the data set
     * @param trainLimit the first this-many training images, 0 for all
     */
    public DatasetSpec(DatasetId id, int trainLimit) {
        this(id, trainLimit, 0);
    }

    /**
     * @param id the data set
     * @return all of its training and validation images
     */
    public static DatasetSpec of(DatasetId id) {
        return new DatasetSpec(id, 0, 0);
    }
}

package org.vaepriors.experiment;

import java.util.Objects;

import org.vaepriors.data.DatasetId;

/**
 * Which data set a run trains on, and how much of its training part.
 *
 * @param id         the data set
 * @param trainLimit the first this-many training images, 0 for all
 */
public record DatasetSpec(DatasetId id, int trainLimit) {

    /** Validates the fields. */
    public DatasetSpec {
        Objects.requireNonNull(id, "id");
        if (trainLimit < 0) {
            throw new IllegalArgumentException("trainLimit must be >= 0 (0 = all), got " + trainLimit);
        }
    }

    /**
     * @param id the data set
     * @return all of its training images
     */
    public static DatasetSpec of(DatasetId id) {
        return new DatasetSpec(id, 0);
    }
}

package org.vaepriors.data;

import java.util.List;
import java.util.Objects;

/**
 * Where a loaded data set came from and how it was split: saved with every run's results.
 *
 * @param dataset           which data set
 * @param directory         the folder the files were read from
 * @param files             each file read, with the SHA-256 of its (decompressed) content
 * @param trainSize         training images
 * @param validationSize    validation images
 * @param testSize          test images
 * @param split             how the split was made, in words
 * @param evalBinarizationSeed the seed with which validation and test were binarised
 */
public record DataProvenance(DatasetId dataset, String directory, List<FileRecord> files, int trainSize,
                             int validationSize, int testSize, String split, long evalBinarizationSeed) {

    /**
     * One file read.
     *
     * @param name   file name relative to the data directory
     * @param sha256 SHA-256 of its content (decompressed for IDX files), lower-case hex
     * @param bytes  size on disk
     */
    public record FileRecord(String name, String sha256, long bytes) {
        /** Validates the fields. */
        public FileRecord {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** Validates the fields and copies the list. */
    public DataProvenance {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
        Objects.requireNonNull(split, "split");
    }
}

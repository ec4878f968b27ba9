package org.vaepriors.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.vaepriors.LabPaths;

/**
 * Entry point for loading image data sets by {@link DatasetId}, from the data directory
 * ({@code VAEPRIORS_DATA}, else {@code data/} in the project).
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * @param id the data set
     * @return it, split, from {@link LabPaths#data()}
     * @throws DataException if its files are missing (and cannot be downloaded) or invalid
     */
    public static ImageDataset load(DatasetId id) {
        return load(id, LabPaths.data());
    }

    /**
     * @param id      the data set
     * @param dataDir the data directory
     * @return it, split
     * @throws DataException if its files are missing (and cannot be downloaded) or invalid
     */
    public static ImageDataset load(DatasetId id, Path dataDir) {
        return switch (id) {
            case MNIST, MNIST_10K, FASHION_MNIST -> MnistLoader.load(id, dataDir);
            case OMNIGLOT -> OmniglotLoader.loadCharData(dataDir);
            case OMNIGLOT_SMALL -> OmniglotLoader.loadSmall(dataDir);
        };
    }

    /**
     * @param dataDir the data directory
     * @return the data sets whose files are all present there (no download is tried)
     */
    public static List<DatasetId> available(Path dataDir) {
        List<DatasetId> out = new ArrayList<>();
        for (DatasetId id : DatasetId.values()) {
            Path dir = dataDir.resolve(id.folder());
            boolean present = switch (id) {
                case MNIST, FASHION_MNIST -> exists(dir, "train-images-idx3-ubyte") && exists(dir, "train-labels-idx1-ubyte")
                        && exists(dir, "t10k-images-idx3-ubyte") && exists(dir, "t10k-labels-idx1-ubyte");
                case MNIST_10K -> exists(dir, "images-idx3-ubyte") && exists(dir, "labels-idx1-ubyte");
                case OMNIGLOT -> dir.resolve(OmniglotLoader.CHARDATA).toFile().isFile();
                case OMNIGLOT_SMALL -> OmniglotLoader.SMALL_ZIPS.keySet().stream()
                        .allMatch(z -> dir.resolve(z).toFile().isFile());
            };
            if (present) {
                out.add(id);
            }
        }
        return out;
    }

    private static boolean exists(Path dir, String idxName) {
        return dir.resolve(idxName + ".gz").toFile().isFile() || dir.resolve(idxName).toFile().isFile();
    }
}

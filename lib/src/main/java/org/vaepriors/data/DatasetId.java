package org.vaepriors.data;

/**
 * The image data sets the library knows, with the split each uses.
 */
public enum DatasetId {
    /** MNIST, the four standard files: train = first 50,000, validation = last 10,000, test = 10,000. */
    MNIST("mnist", "MNIST (60k train file + 10k test)", true, 50_000),
    /** A real 10,000-digit MNIST subset (offline here): ours, train 7,000 / validation 1,000 / test 2,000. */
    MNIST_10K("mnist-10k", "MNIST-10k subset (7k / 1k / 2k, ours)", false, 7_000),
    /** Fashion-MNIST, same layout and split as MNIST. */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST (60k train file + 10k test)", true, 50_000),
    /** Omniglot 28x28 as in the IWAE repository ({@code chardata.mat}): 24,345 train (1,345 held out), 8,070 test. */
    OMNIGLOT("omniglot", "Omniglot chardata.mat (23,000 / 1,345 / 8,070)", false, 23_000),
    /**
     * Omniglot's two official small background subsets (105x105 PNG, 8 alphabets, 4,840 distinct images),
     * area-averaged to 28x28: ours, per character 15 drawers train and 5 test, 200 training images held out.
     */
    OMNIGLOT_SMALL("omniglot", "Omniglot small subsets, 28x28 (3,430 / 200 / 1,210, ours)", false, 3_430);

    private final String folder;
    private final String description;
    private final boolean paperSplit;
    private final int trainImages;

    DatasetId(String folder, String description, boolean paperSplit, int trainImages) {
        this.folder = folder;
        this.description = description;
        this.paperSplit = paperSplit;
        this.trainImages = trainImages;
    }

    /** @return the training images of its split (without the validation images), as its loader gives them */
    public int trainImages() {
        return trainImages;
    }

    /** @return the sub-folder of the data directory that holds its files */
    public String folder() {
        return folder;
    }

    /** @return a one-line description with the split sizes */
    public String description() {
        return description;
    }

    /** @return true when the split is the papers' own (so numbers compare directly with theirs) */
    public boolean paperSplit() {
        return paperSplit;
    }
}

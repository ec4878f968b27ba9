package org.vaepriors.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

import org.vaepriors.math.Permutations;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Loads Omniglot: the papers' 28x28 {@code chardata.mat} (IWAE repository), or the two official small
 * background subsets of 105x105 PNG strokes, area-averaged to 28x28 with ink = 1.
 */
public final class OmniglotLoader {
    /** The seed of the validation hold-out and of the small subsets' drawer split (ours). */
    public static final long SPLIT_SEED = 1345L;
    /** Training images held out for validation from chardata.mat, as in the papers. */
    public static final int CHARDATA_VALIDATION = 1_345;
    /** Validation images held out from the small subsets' training part (ours, the same 5.5%). */
    public static final int SMALL_VALIDATION = 200;
    /** Drawers per character that go to the test set in the small subsets (ours; chardata's ratio is 1:3). */
    public static final int SMALL_TEST_DRAWERS = 5;

    static final String CHARDATA = "chardata.mat";
    static final String CHARDATA_URL = "https://raw.githubusercontent.com/yburda/iwae/master/datasets/OMNIGLOT/";
    static final Map<String, String> SMALL_ZIPS = Map.of(
            "images_background_small1.zip", "f38eb80f801274ac2b4dff5b24289016bfaba4a7d5bb50deebf27104ad6cb8a4",
            "images_background_small2.zip", "3ccaa407515a8778e5d0861875af38b17e418f301ad5bb3b5a6b65d901a41c7f");
    static final String SMALL_URL = "https://raw.githubusercontent.com/brendenlake/omniglot/master/python/";

    private static final int SIDE = 28;

    private OmniglotLoader() {
    }

    /**
     * Loads {@code chardata.mat}: {@code data} (784 x 24,345) and {@code testdata} (784 x 8,070), values in
     * [0, 1], each image stored column-major (transposed here), labels from the one-hot {@code target}.
     *
     * @param dataDir the data directory; the file is {@code dataDir/omniglot/chardata.mat}
     * @return train (23,000), validation (1,345, seeded) and test (8,070)
     * @throws DataException if the file is missing and cannot be downloaded, or is not the expected matrix file
     */
    public static ImageDataset loadCharData(Path dataDir) {
        Path dir = dataDir.resolve(DatasetId.OMNIGLOT.folder());
        Path file = dir.resolve(CHARDATA);
        if (!Files.isRegularFile(file)) {
            if (!Downloader.allowed()) {
                throw new DataException("missing data file " + file + " (Omniglot 28x28 of the IWAE repository) and "
                        + "downloads are off. Put chardata.mat there, or use OMNIGLOT_SMALL, which the offline data "
                        + "folder has.");
            }
            Downloader.fetch(List.of(CHARDATA_URL), CHARDATA, file, "SHA-256", null);
        }
        ImageSet trainAll;
        ImageSet test;
        String sha;
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            trainAll = columns(mat, "data", "target", "omniglot/train", file);
            test = columns(mat, "testdata", "testtarget", "omniglot/test", file);
            sha = Checksums.ofFile(file, "SHA-256");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(file + " is not a readable MATLAB v5 file with data/testdata matrices ("
                    + e.getMessage() + "). Download it again.", e);
        }
        int[] perm = permutation(trainAll.size(), SPLIT_SEED);
        int nTrain = trainAll.size() - CHARDATA_VALIDATION;
        ImageSet train = trainAll.select(Arrays.copyOfRange(perm, 0, nTrain));
        ImageSet validation = trainAll.select(Arrays.copyOfRange(perm, nTrain, perm.length));
        long bytes = file.toFile().length();
        return new ImageDataset(DatasetId.OMNIGLOT, train.named("omniglot/train"),
                validation.named("omniglot/validation"), test,
                new DataProvenance(DatasetId.OMNIGLOT, dir.toString(),
                        List.of(new DataProvenance.FileRecord("omniglot/" + CHARDATA, sha, bytes)),
                        train.size(), validation.size(), test.size(),
                        "chardata.mat train/test; " + CHARDATA_VALIDATION + " training images held out for "
                                + "validation by a permutation seeded with " + SPLIT_SEED,
                        Binarization.EVAL_SEED));
    }

    private static ImageSet columns(Mat5File mat, String dataName, String targetName, String name, Path file) {
        Matrix m = mat.getMatrix(dataName);
        if (m.getNumRows() != SIDE * SIDE) {
            throw new DataException(file + ": matrix '" + dataName + "' has " + m.getNumRows() + " rows, expected "
                    + SIDE * SIDE + " (28x28 images in columns)");
        }
        int n = m.getNumCols();
        float[] px = new float[n * SIDE * SIDE];
        for (int j = 0; j < n; j++) {
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    // column-major storage: element (r, c) of image j sits at row c * 28 + r
                    double v = m.getDouble(c * SIDE + r, j);
                    if (!(v >= 0 && v <= 1)) {
                        throw new DataException(file + ": '" + dataName + "' value " + v + " outside [0, 1]");
                    }
                    px[j * SIDE * SIDE + r * SIDE + c] = (float) v;
                }
            }
        }
        int[] labels = new int[n];
        Matrix t;
        try {
            t = mat.getMatrix(targetName);
        } catch (RuntimeException missing) {
            t = null; // labels are not needed by the models; keep 0
        }
        if (t != null && t.getNumCols() == n) {
            for (int j = 0; j < n; j++) {
                int best = 0;
                for (int k = 1; k < t.getNumRows(); k++) {
                    if (t.getDouble(k, j) > t.getDouble(best, j)) {
                        best = k;
                    }
                }
                labels[j] = best;
            }
        }
        return new ImageSet(name, SIDE, SIDE, px, labels);
    }

    /**
     * Loads the two small background subsets ({@code images_background_small1.zip}, {@code ..._small2.zip}),
     * removes the alphabets both contain (Greek and Latin), and splits per character by drawer: 15 drawers
     * train, 5 test, then {@value #SMALL_VALIDATION} training images held out; all seeded with
     * {@link #SPLIT_SEED}. Labels are character indices.
     *
     * @param dataDir the data directory; the zips are in {@code dataDir/omniglot/}
     * @return the split data set
     * @throws DataException if a zip is missing (and cannot be downloaded), its checksum differs, or an image
     *                       cannot be decoded
     */
    public static ImageDataset loadSmall(Path dataDir) {
        Path dir = dataDir.resolve(DatasetId.OMNIGLOT_SMALL.folder());
        // character ("Alphabet/characterNN") -> drawer number -> 28x28 image
        Map<String, Map<Integer, float[]>> chars = new TreeMap<>();
        List<DataProvenance.FileRecord> records = new ArrayList<>();
        for (String zipName : new TreeMap<>(SMALL_ZIPS).keySet()) {
            Path zip = dir.resolve(zipName);
            if (!Files.isRegularFile(zip)) {
                if (!Downloader.allowed()) {
                    throw new DataException("missing data file " + zip + " and downloads are off. Put both "
                            + String.join(" and ", new TreeMap<>(SMALL_ZIPS).keySet()) + " in " + dir
                            + " (here: VAEPRIORS_DATA=../shared/data).");
                }
                Downloader.fetch(List.of(SMALL_URL), zipName, zip, "SHA-256", SMALL_ZIPS.get(zipName));
            }
            records.add(readZip(zip, SMALL_ZIPS.get(zipName), chars));
        }
        SplittableRandom rng = new SplittableRandom(SPLIT_SEED);
        List<float[]> trainImgs = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<float[]> testImgs = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        int label = 0;
        for (Map<Integer, float[]> drawers : chars.values()) {
            List<float[]> imgs = new ArrayList<>(drawers.values());
            int[] perm = permutation(imgs.size(), rng.nextLong());
            for (int k = 0; k < perm.length; k++) {
                boolean toTest = k < SMALL_TEST_DRAWERS;
                (toTest ? testImgs : trainImgs).add(imgs.get(perm[k]));
                (toTest ? testLabels : trainLabels).add(label);
            }
            label++;
        }
        ImageSet trainAll = stack("omniglot-small/train", trainImgs, trainLabels);
        ImageSet test = stack("omniglot-small/test", testImgs, testLabels);
        int[] perm = permutation(trainAll.size(), SPLIT_SEED + 1);
        int nTrain = trainAll.size() - SMALL_VALIDATION;
        ImageSet train = trainAll.select(Arrays.copyOfRange(perm, 0, nTrain)).named("omniglot-small/train");
        ImageSet validation = trainAll.select(Arrays.copyOfRange(perm, nTrain, perm.length))
                .named("omniglot-small/validation");
        return new ImageDataset(DatasetId.OMNIGLOT_SMALL, train, validation, test,
                new DataProvenance(DatasetId.OMNIGLOT_SMALL, dir.toString(), records, train.size(),
                        validation.size(), test.size(),
                        "ours: " + chars.size() + " characters of 8 alphabets; per character " + SMALL_TEST_DRAWERS
                                + " drawers test, the rest train; " + SMALL_VALIDATION + " training images held "
                                + "out for validation; seed " + SPLIT_SEED + "; 105x105 -> 28x28 by area averaging",
                        Binarization.EVAL_SEED));
    }

    private static DataProvenance.FileRecord readZip(Path zip, String expectedSha, Map<String, Map<Integer, float[]>> chars) {
        try {
            String sha = Checksums.ofFile(zip, "SHA-256");
            if (!sha.equalsIgnoreCase(expectedSha)) {
                throw new DataException("checksum mismatch for " + zip + ": SHA-256 " + sha + ", expected "
                        + expectedSha + ". Replace it with the official file from the Omniglot repository.");
            }
            try (ZipFile zf = new ZipFile(zip.toFile())) {
                for (ZipEntry e : zf.stream().toList()) {
                    String path = e.getName();
                    if (e.isDirectory() || !path.endsWith(".png")) {
                        continue;
                    }
                    // images_background_smallN/Alphabet/characterNN/IIII_DD.png; DD is the drawer
                    String[] parts = path.split("/");
                    if (parts.length != 4) {
                        throw new DataException(zip + ": unexpected entry " + path);
                    }
                    String character = parts[1] + "/" + parts[2];
                    int drawer = Integer.parseInt(parts[3].substring(parts[3].lastIndexOf('_') + 1,
                            parts[3].length() - 4));
                    Map<Integer, float[]> drawers = chars.computeIfAbsent(character, k -> new TreeMap<>());
                    if (!drawers.containsKey(drawer)) {
                        try (InputStream in = zf.getInputStream(e)) {
                            drawers.put(drawer, toInk28(ImageIO.read(in), zip + "!" + path));
                        }
                    }
                }
            }
            return new DataProvenance.FileRecord("omniglot/" + zip.getFileName(), sha, Files.size(zip));
        } catch (ZipException e) {
            throw new DataException(zip + " is not a valid zip file (" + e.getMessage() + "). Download it again.", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + zip + ": " + e.getMessage(), e);
        }
    }

    /**
     * Area-averages a square stroke image to 28x28 with ink = 1 (Omniglot draws black strokes on white).
     * Each output pixel is the mean of the input area it covers, fractional edge pixels weighted by their
     * overlap, so no stroke is lost to point sampling.
     *
     * @param img  the decoded PNG
     * @param what its name, for errors
     * @return {@code [784]} values in [0, 1]
     */
    static float[] toInk28(BufferedImage img, String what) {
        if (img == null || img.getWidth() != img.getHeight()) {
            throw new DataException(what + " is not a square image that ImageIO can decode");
        }
        int n = img.getWidth();
        Raster r = img.getRaster();
        double max = (1 << r.getSampleModel().getSampleSize(0)) - 1;
        double[] ink = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                ink[y * n + x] = 1.0 - r.getSample(x, y, 0) / max;
            }
        }
        double[][] w = areaWeights(n, SIDE);
        float[] out = new float[SIDE * SIDE];
        for (int i = 0; i < SIDE; i++) {
            for (int j = 0; j < SIDE; j++) {
                double s = 0;
                for (int y = 0; y < n; y++) {
                    if (w[i][y] == 0) {
                        continue;
                    }
                    for (int x = 0; x < n; x++) {
                        s += w[i][y] * w[j][x] * ink[y * n + x];
                    }
                }
                out[i * SIDE + j] = (float) Math.min(1.0, Math.max(0.0, s));
            }
        }
        return out;
    }

    /** w[o][k] = the share of output cell o (of m) that input cell k (of n) covers; rows sum to 1. */
    static double[][] areaWeights(int n, int m) {
        double scale = (double) n / m;
        double[][] w = new double[m][n];
        for (int o = 0; o < m; o++) {
            double lo = o * scale;
            double hi = (o + 1) * scale;
            for (int k = (int) Math.floor(lo); k < Math.min(n, (int) Math.ceil(hi)); k++) {
                w[o][k] = (Math.min(hi, k + 1) - Math.max(lo, k)) / scale;
            }
        }
        return w;
    }

    private static ImageSet stack(String name, List<float[]> imgs, List<Integer> labels) {
        float[] px = new float[imgs.size() * SIDE * SIDE];
        int[] y = new int[imgs.size()];
        for (int i = 0; i < imgs.size(); i++) {
            System.arraycopy(imgs.get(i), 0, px, i * SIDE * SIDE, SIDE * SIDE);
            y[i] = labels.get(i);
        }
        return new ImageSet(name, SIDE, SIDE, px, y);
    }

    private static int[] permutation(int n, long seed) {
        return Permutations.shuffled(n, new SplittableRandom(seed));
    }
}

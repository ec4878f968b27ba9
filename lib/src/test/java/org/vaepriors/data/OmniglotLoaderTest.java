package org.vaepriors.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

class OmniglotLoaderTest {
    @TempDir
    Path dir;

    @Test
    void areaWeightsPartitionEachOutputCell() {
        double[][] w = OmniglotLoader.areaWeights(105, 28);
        double[] column = new double[105];
        for (double[] row : w) {
            double s = 0;
            for (int k = 0; k < row.length; k++) {
                s += row[k];
                column[k] += row[k];
            }
            assertEquals(1.0, s, 1e-12);
        }
        for (double c : column) {
            assertEquals(28.0 / 105.0, c, 1e-12, "every input pixel is used exactly once in total");
        }
    }

    @Test
    void areaAveragingConservesInk() {
        SplittableRandom rng = new SplittableRandom(3);
        BufferedImage img = new BufferedImage(105, 105, BufferedImage.TYPE_BYTE_BINARY);
        double inkIn = 0;
        for (int y = 0; y < 105; y++) {
            for (int x = 0; x < 105; x++) {
                boolean ink = rng.nextDouble() < 0.2;
                img.getRaster().setSample(x, y, 0, ink ? 0 : 1); // black strokes on white
                inkIn += ink ? 1 : 0;
            }
        }
        float[] out = OmniglotLoader.toInk28(img, "test");
        double inkOut = 0;
        for (float v : out) {
            inkOut += v;
        }
        assertEquals(inkIn, inkOut * (105.0 / 28) * (105.0 / 28), 1e-3, "total ink mass is preserved");
    }

    @Test
    void charDataIsTransposedAndHeldOut() throws IOException {
        int n = OmniglotLoader.CHARDATA_VALIDATION + 5;
        Matrix data = Mat5.newMatrix(784, n);
        Matrix target = Mat5.newMatrix(3, n);
        for (int j = 0; j < n; j++) {
            // image j: a single lit pixel at row r = j % 28, column c = 0, stored column-major at c * 28 + r
            data.setDouble((j % 28), j, 1.0);
            target.setDouble(j % 3, j, 1.0);
        }
        Matrix test = Mat5.newMatrix(784, 2);
        test.setDouble(3 * 28 + 1, 0, 0.5); // column-major (r=1, c=3)
        MatFile mat = Mat5.newMatFile().addArray("data", data).addArray("target", target)
                .addArray("testdata", test);
        Path file = dir.resolve("omniglot/chardata.mat");
        file.getParent().toFile().mkdirs();
        Mat5.writeToFile(mat, file.toFile());

        ImageDataset d = OmniglotLoader.loadCharData(dir);
        assertEquals(5, d.train().size());
        assertEquals(OmniglotLoader.CHARDATA_VALIDATION, d.validation().size());
        assertEquals(2, d.test().size());
        assertEquals(0.5f, d.test().image(0)[1 * 28 + 3], "element (r=1, c=3) after transposition");
        float[] img = d.train().image(0);
        int lit = -1;
        for (int i = 0; i < 784; i++) {
            if (img[i] == 1f) {
                lit = i;
            }
        }
        assertEquals(0, lit % 28, "the lit pixel is in column 0 after transposition");
    }

    @Test
    void aCorruptMatFileIsReported() throws IOException {
        Path file = dir.resolve("omniglot/chardata.mat");
        file.getParent().toFile().mkdirs();
        java.nio.file.Files.writeString(file, "not a MATLAB file");
        DataException e = assertThrows(DataException.class, () -> OmniglotLoader.loadCharData(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}

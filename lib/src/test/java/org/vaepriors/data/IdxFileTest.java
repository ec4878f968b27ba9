package org.vaepriors.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes: magic 0x000008NN, the sizes, then the data. */
    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    static byte[] images(int n) {
        byte[] data = new byte[n * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37);
        }
        return data;
    }

    @Test
    void readsGzipAndRawAlikeWithTheSameContentHash() throws IOException {
        byte[] raw = idx(0x0803, new int[]{3, 2, 2}, images(3));
        Path gz = Files.write(dir.resolve("a.gz"), gzip(raw));
        Path plain = Files.write(dir.resolve("a"), raw);
        IdxFile g = IdxFile.read(gz, new int[]{3, 2, 2}, null);
        IdxFile p = IdxFile.read(plain, new int[]{-1, 2, 2}, null);
        assertArrayEquals(new int[]{3, 2, 2}, g.dims());
        assertArrayEquals(images(3), g.data());
        assertEquals(Checksums.sha256(raw), g.sha256());
        assertEquals(g.sha256(), p.sha256());
        IdxFile.read(gz, new int[]{3, 2, 2}, Checksums.sha256(raw)); // the right checksum passes
    }

    @Test
    void wrongMagicNamesTheFile() throws IOException {
        Path f = Files.write(dir.resolve("bad"), idx(0x0D03, new int[]{3, 2, 2}, images(3)));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{3, 2, 2}, null));
        assertTrue(e.getMessage().contains("magic number") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void labelsInPlaceOfImagesIsARankError() throws IOException {
        Path f = Files.write(dir.resolve("labels"), idx(0x0801, new int[]{3}, new byte[3]));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{3, 2, 2}, null));
        assertTrue(e.getMessage().contains("1 dimensions, expected 3"), e.getMessage());
    }

    @Test
    void countMismatchSaysWhatWasExpected() throws IOException {
        Path f = Files.write(dir.resolve("c"), idx(0x0803, new int[]{3, 2, 2}, images(3)));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{5, 2, 2}, null));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[5, 2, 2]"), e.getMessage());
    }

    @Test
    void dataShorterThanTheHeaderIsTruncated() throws IOException {
        byte[] raw = idx(0x0803, new int[]{3, 2, 2}, images(3));
        Path f = Files.write(dir.resolve("short"), Arrays.copyOf(raw, raw.length - 5));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{3, 2, 2}, null));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("promises 12 bytes"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReportedNotHalfRead() throws IOException {
        byte[] gz = gzip(idx(0x0803, new int[]{300, 2, 2}, images(300)));
        Path f = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{300, 2, 2}, null));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] raw = idx(0x0803, new int[]{3, 2, 2}, images(3));
        Path f = Files.write(dir.resolve("long"), Arrays.copyOf(raw, raw.length + 4));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{3, 2, 2}, null));
        assertTrue(e.getMessage().contains("bytes after"), e.getMessage());
    }

    @Test
    void checksumMismatchNamesBothHashes() throws IOException {
        byte[] raw = idx(0x0803, new int[]{3, 2, 2}, images(3));
        Path f = Files.write(dir.resolve("sum.gz"), gzip(raw));
        String wrong = "0".repeat(64);
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{3, 2, 2}, wrong));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(wrong)
                && e.getMessage().contains(Checksums.sha256(raw)), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.gz");
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, new int[]{1}, null));
        assertTrue(e.getMessage().contains("missing data file " + f), e.getMessage());
    }
}

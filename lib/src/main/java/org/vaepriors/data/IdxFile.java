package org.vaepriors.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (unsigned bytes only), gzip-compressed or raw.
 *
 * <p>The header is a magic number {@code 0x0000 08 NN} (type 0x08 = unsigned byte, NN = number of
 * dimensions) followed by NN big-endian int32 sizes, then the data. Every check that can fail names the
 * file: magic, rank, sizes against what the caller expects, the data length (a truncated file), trailing
 * bytes, and optionally the SHA-256 of the decompressed bytes, which does not depend on how the file was
 * gzipped.
 *
 * @param dims   the sizes from the header, e.g. {@code [60000, 28, 28]}
 * @param data   the payload, row-major, unsigned bytes stored in Java bytes
 * @param sha256 the SHA-256 of the decompressed file (header and payload), lower-case hex
 */
public record IdxFile(int[] dims, byte[] data, String sha256) {

    private static final int UNSIGNED_BYTE = 0x08;

    /**
     * Reads and validates an IDX file.
     *
     * @param file         the file, {@code .gz} or raw (detected from its first bytes, not its name)
     * @param expectedDims the sizes the caller needs; use -1 for "any" in a position
     * @param expectedSha  the SHA-256 of the decompressed bytes, or null to skip the check
     * @return the parsed file
     * @throws DataException if the file is missing, truncated, malformed, of other sizes, or its checksum
     *                       differs
     */
    public static IdxFile read(Path file, int[] expectedDims, String expectedSha) {
        MessageDigest md = Checksums.digest("SHA-256");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream in = new DataInputStream(new DigestInputStream(decompressed(raw), md))) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xFF;
            int rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > 4) {
                throw new DataException(String.format(
                        "%s is not an unsigned-byte IDX file: magic number 0x%08X, expected 0x000008%02X. "
                                + "Replace it with the original file.",
                        file, magic, expectedDims.length));
            }
            if (rank != expectedDims.length) {
                throw new DataException(file + " has " + rank + " dimensions, expected " + expectedDims.length
                        + " (is it the labels file in place of the images, or the other way round?)");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0 || (expectedDims[i] >= 0 && dims[i] != expectedDims[i])) {
                    throw new DataException(file + " has sizes " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                            + "..., expected " + Arrays.toString(expectedDims) + " (-1 = any)");
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new DataException(file + " declares " + total + " values, more than this reader holds");
            }
            byte[] data = new byte[(int) total];
            int got = in.readNBytes(data, 0, data.length);
            if (got < data.length) {
                throw new DataException(String.format(
                        "%s is truncated: its header %s promises %d bytes of data, the file holds %d. "
                                + "Download it again.", file, Arrays.toString(dims), total, got));
            }
            if (in.read() != -1) {
                throw new DataException(file + " has bytes after the " + total + " its header "
                        + Arrays.toString(dims) + " declares: not an intact IDX file.");
            }
            String sha = HexFormat.of().formatHex(md.digest());
            if (expectedSha != null && !expectedSha.equalsIgnoreCase(sha)) {
                throw new DataException("checksum mismatch for " + file + ": SHA-256 of the decompressed bytes is "
                        + sha + ", expected " + expectedSha + ". The file is corrupt or another version: "
                        + "delete it and download it again.");
            }
            return new IdxFile(dims, data, sha);
        } catch (NoSuchFileException e) {
            throw new DataException("missing data file " + file, e);
        } catch (EOFException | ZipException e) {
            throw new DataException(file + " is truncated or not a valid gzip/IDX file (" + e.getMessage()
                    + "). Download it again.", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Number of items: the first dimension. */
    public int count() {
        return dims[0];
    }

    private static InputStream decompressed(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }
}

package org.vaepriors.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests (SHA-256, MD5) of byte arrays and files. */
public final class Checksums {
    private Checksums() {
    }

    /**
     * @param algorithm a JDK digest name, e.g. "SHA-256" or "MD5"
     * @return a fresh digest
     */
    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm + " digest", e);
        }
    }

    /**
     * @param bytes the data
     * @return the lower-case hex SHA-256 of {@code bytes}
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(bytes));
    }

    /**
     * @param file      a file
     * @param algorithm "SHA-256" or "MD5"
     * @return the lower-case hex digest of the file's bytes as stored (not decompressed)
     * @throws IOException if the file cannot be read
     */
    public static String ofFile(Path file, String algorithm) throws IOException {
        MessageDigest md = digest(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

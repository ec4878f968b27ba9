package org.vaepriors.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.vaepriors.LabPaths;

/**
 * Downloads a file from the first mirror that answers, verifies its checksum, and only then moves it into
 * place atomically: an interrupted or corrupt download never leaves a partial file where the loaders look.
 * Processes that download the same file at once (array tasks on many nodes sharing one data folder) do not
 * race: each writes its own temporary file, the first to finish puts it in place, the others find it there.
 *
 * <p>Set {@code VAEPRIORS_OFFLINE=1} (or {@code -Dvaepriors.offline=true}) to never try the network.
 */
final class Downloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private Downloader() {
    }

    /** @return true unless offline mode is set */
    static boolean allowed() {
        String v = LabPaths.setting("vaepriors.offline", "VAEPRIORS_OFFLINE");
        return v == null || !(v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    /**
     * @param mirrors   base URLs to try in order; the file name is appended
     * @param fileName  the file's name
     * @param target    where the file must end up
     * @param algorithm "MD5" or "SHA-256" for {@code expected}, the digest of the file as downloaded
     * @param expected  the expected digest, or null to skip the check
     * @throws DataException naming every mirror tried and why each failed, and where to put the file by hand
     */
    static void fetch(List<String> mirrors, String fileName, Path target, String algorithm, String expected) {
        List<String> failures = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String base : mirrors) {
            if (Files.isRegularFile(target)) {
                return; // another process (another node on a shared data folder) finished the same download
            }
            URI uri = URI.create(base.endsWith("/") ? base + fileName : base + "/" + fileName);
            Path tmp = null;
            try {
                Files.createDirectories(target.getParent());
                tmp = Files.createTempFile(target.getParent(), "." + fileName, ".part");
                HttpResponse<InputStream> rsp = client.send(
                        HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (rsp.statusCode() != 200) {
                    rsp.body().close();
                    failures.add(uri + ": HTTP " + rsp.statusCode());
                    continue;
                }
                try (InputStream in = rsp.body()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (expected != null) {
                    String got = Checksums.ofFile(tmp, algorithm);
                    if (!got.equalsIgnoreCase(expected)) {
                        failures.add(uri + ": checksum mismatch (" + algorithm + " " + got + ", expected "
                                + expected + ")");
                        continue;
                    }
                }
                place(tmp, target);
                return;
            } catch (IOException e) {
                failures.add(uri + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("download of " + fileName + " interrupted", e);
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // a stray .part file is harmless: loaders never read it
                    }
                }
            }
        }
        throw new DataException(String.format(Locale.ROOT,
                "could not download %s (%s). Put the file at %s by hand, or set VAEPRIORS_DATA to a directory "
                        + "that has it.", fileName, String.join("; ", failures), target));
    }

    /**
     * Moves a verified download into place unless another process has put the file there first. Each
     * process downloads into its own temporary file; the first to finish links it to the target name (a
     * hard link is created atomically and fails if the name exists, also on NFS), and the others find the
     * file in place and drop their copies. Where hard links are not supported, an atomic rename over the
     * target does the same job (the files are identical, having passed the same checksum).
     *
     * @param tmp    the verified download, deleted afterwards
     * @param target the file's final name
     * @throws IOException if neither works
     */
    static void place(Path tmp, Path target) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // temporary files are owner-only; a data folder is shared by everyone who trains on it
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            // the file is in place already: the other process's copy stays, ours goes
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.isRegularFile(target)) {
                Files.deleteIfExists(tmp);
                return;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        Files.deleteIfExists(tmp);
    }
}

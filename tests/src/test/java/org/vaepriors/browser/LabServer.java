package org.vaepriors.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * JupyterLab for the browser test: the Jupyter the environment scripts installed, on a free loopback port with
 * a random token, its own runtime, settings and workspace folders, the app exposed to the page's scripts
 * ({@code window.jupyterapp}) and no update or news checks. Stopped by PID, with every process it started.
 */
final class LabServer implements AutoCloseable {
    private final Process process;
    final int port;
    final String token = UUID.randomUUID().toString().replace("-", "");
    final Path log;

    LabServer(String python, Path root, Path work, Map<String, String> env) throws IOException, InterruptedException {
        port = freePort();
        log = work.resolve("jupyterlab.log");
        Files.createDirectories(work);
        List<String> cmd = List.of(python, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
                "--ServerApp.ip=127.0.0.1", "--port=" + port, "--IdentityProvider.token=" + token,
                "--ServerApp.root_dir=" + root, "--LabApp.expose_app_in_browser=True",
                "--LabApp.user_settings_dir=" + work.resolve("settings"), "--LabApp.workspaces_dir=" + work.resolve("workspaces"),
                "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
        process = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("api/status"))).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("JupyterLab did not start; its log: " + log);
            }
            Thread.sleep(300);
        }
    }

    /** @return the server URL of a path, with the token */
    String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path + (path.contains("?") ? "&" : "?") + "token=" + token;
    }

    /** SIGTERM (the server shuts its kernels down), then SIGKILL for whatever it left, by PID. */
    @Override
    public void close() {
        List<ProcessHandle> below = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        below.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

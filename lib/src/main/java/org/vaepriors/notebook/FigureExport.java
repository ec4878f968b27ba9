package org.vaepriors.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.vaepriors.LabPaths;
import org.vaepriors.io.AtomicFiles;
import tech.tablesaw.plotly.components.Config;
import tech.tablesaw.plotly.components.Figure;

/**
 * Writes plotly figures as stand-alone HTML (plotly.js inlined, works offline) and renders them to PNG
 * through headless Chromium when it is installed. Files are written to a temporary name and moved into
 * place, so a reader never sees a half-written figure.
 */
public final class FigureExport {
    private static final String[] BROWSERS = {"chromium", "chromium-browser", "google-chrome"};
    private static volatile String browser;
    private static volatile boolean browserLooked;

    private FigureExport() {
    }

    /**
     * @param figure the figure
     * @param html   the HTML file to write
     * @param width  page width in pixels
     * @param height page height in pixels
     * @return {@code html}
     */
    public static Path writeHtml(Figure figure, Path html, int width, int height) {
        String div = "fig" + Integer.toHexString(System.identityHashCode(figure));
        // No plotly mode bar in saved figures: it would be printed into every PNG.
        Config interactive = figure.getConfig();
        figure.setConfig(Config.builder().displayModeBar(false).displayLogo(false).build());
        String script = figure.asJavascript(div);
        figure.setConfig(interactive);
        String page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.getFileName()
                + "</title>\n" + PlotlyJs.inlineScript() + "</head>\n<body style=\"margin:0;background:#fff\">\n"
                + "<div id=\"" + div + "\" style=\"width:" + width + "px;height:" + height + "px\"></div>\n"
                + script + "\n</body></html>\n";
        AtomicFiles.write(html, page.getBytes(StandardCharsets.UTF_8));
        return html;
    }

    /**
     * Renders an HTML page to PNG with headless Chromium.
     *
     * @param html   the page
     * @param png    the PNG to write
     * @param width  viewport width
     * @param height viewport height
     * @return true if the PNG was written; false when no Chromium is installed or it failed
     */
    public static boolean renderPng(Path html, Path png, int width, int height) {
        String exe = browser();
        if (exe == null) {
            return false;
        }
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), "." + png.getFileName(), ".png");
            Path profile = Files.createTempDirectory("vaepriors-chromium");
            List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height, "--virtual-time-budget=10000",
                    "--screenshot=" + tmp.toAbsolutePath(), html.toAbsolutePath().toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            deleteTree(profile);
            if (done && p.exitValue() == 0 && Files.size(tmp) > 0) {
                readableByAll(tmp);
                Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return true;
            }
            Files.deleteIfExists(tmp);
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the Chromium executable on PATH (or {@code VAEPRIORS_CHROMIUM}), or null */
    public static String browser() {
        if (!browserLooked) {
            String env = LabPaths.setting("vaepriors.chromium", "VAEPRIORS_CHROMIUM");
            String found = env;
            if (found == null) {
                String path = System.getenv("PATH");
                outer:
                for (String name : BROWSERS) {
                    for (String dir : (path == null ? "/usr/bin" : path).split(java.io.File.pathSeparator)) {
                        if (Files.isExecutable(Path.of(dir, name))) {
                            found = Path.of(dir, name).toString();
                            break outer;
                        }
                    }
                }
            }
            browser = found;
            browserLooked = true;
        }
        return browser;
    }

    /** Temporary files are created owner-only; the figures are for everyone who reads the checkout. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary browser profile left behind is harmless
        }
    }
}

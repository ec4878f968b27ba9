package org.vaepriors.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.vaepriors.LabPaths;

/**
 * The plotly.js 2.x library, read from disk so plots work offline: {@code VAEPRIORS_PLOTLY_JS} (set by our
 * kernelspec), else {@code build/plotly/plotly-*.min.js} in the project (the environment scripts put it
 * there). 2.x, because Tablesaw's titles vanish under 3.x.
 */
final class PlotlyJs {
    private static volatile String script;

    private PlotlyJs() {
    }

    /**
     * @return a {@code <script>} element that defines {@code window.Plotly}. The library is wrapped in a
     * function whose {@code define}, {@code exports} and {@code module} are undefined, so that a page with
     * require.js (classic Notebook, exported HTML) does not swallow it as an anonymous AMD module.
     */
    static String inlineScript() {
        String s = script;
        if (s == null) {
            Path file = locate();
            try {
                String js = Files.readString(file, StandardCharsets.UTF_8);
                script = s = "<script type=\"text/javascript\">(function(define, exports, module){\n" + js
                        + "\n})();</script>\n";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read plotly.js at " + file, e);
            }
        }
        return s;
    }

    static Path locate() {
        String env = LabPaths.setting("vaepriors.plotlyJs", "VAEPRIORS_PLOTLY_JS");
        if (env != null && Files.isRegularFile(Path.of(env))) {
            return Path.of(env);
        }
        Path dir = LabPaths.root().resolve("build/plotly");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "plotly-2*.min.js")) {
                for (Path p : ds) {
                    return p;
                }
            } catch (IOException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalStateException("plotly.js 2.x not found (VAEPRIORS_PLOTLY_JS, or build/plotly/ in the project). "
                + "Run 'bash environment/setup.sh', which fetches it from the npm registry.");
    }
}

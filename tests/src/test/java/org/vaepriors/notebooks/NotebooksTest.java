package org.vaepriors.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every notebook in {@code notebooks/} under the smoke profile with our Java kernel, and fails on
 * a cell error, any stderr output, an unresolved dependency, or a notebook that shows no image or no plot.
 * Needs Jupyter and the kernelspec: run it through {@code bash environment/run-tests.sh}.
 */
class NotebooksTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..").toAbsolutePath().normalize();
    private static final Path OUT = ROOT.resolve("output/test");
    private static final long NOTEBOOK_TIMEOUT_MINUTES = 15;

    /**
     * The committed .ipynb files are the notebooks' one source (edited in JupyterLab): they carry no outputs
     * (results live in output/ and figures/) and name our kernel.
     */
    @Test
    void committedNotebooksCarryNoOutputs() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList()) {
                JsonNode nb = new ObjectMapper().readTree(p.toFile());
                if (!"vaepriors-java".equals(nb.path("metadata").path("kernelspec").path("name").asText())) {
                    problems.add(p.getFileName() + ": its kernelspec is not vaepriors-java");
                }
                int cell = 0;
                for (JsonNode c : nb.path("cells")) {
                    cell++;
                    if (c.path("outputs").size() > 0 || (c.has("execution_count") && !c.get("execution_count").isNull())) {
                        problems.add(p.getFileName() + ": cell " + cell + " carries outputs; clear them before committing "
                                + "(JupyterLab: Edit > Clear Outputs of All Cells)");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsCleanUnderSmoke() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(!notebooks.isEmpty(), "no notebooks in " + ROOT.resolve("notebooks"));
        Stream<DynamicTest> each = notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(),
                () -> check(nb)));
        List<Path> again = notebooks.stream().filter(p -> RERUN.contains(p.getFileName().toString())).toList();
        return Stream.concat(each, Stream.of(DynamicTest.dynamicTest("a second execution of " + RERUN + " trains nothing",
                () -> secondExecutionTrainsNothing(again))));
    }

    /** Notebooks whose every experiment is a cached run: executed again, they must only read results/. */
    private static final List<String> RERUN = List.of("04-lars-ablations.ipynb", "05-ncp-25-gaussians.ipynb");

    private static void secondExecutionTrainsNothing(List<Path> notebooks) throws Exception {
        assertEquals(RERUN.size(), notebooks.size(), "notebooks to execute again: " + RERUN);
        Map<Path, FileTime> before = snapshot(OUT.resolve("results"));
        assertTrue(!before.isEmpty(), "the first executions left no run folders");
        for (Path nb : notebooks) {
            check(nb);
        }
        Map<Path, FileTime> after = snapshot(OUT.resolve("results"));
        List<String> changed = new ArrayList<>();
        for (Map.Entry<Path, FileTime> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                changed.add(OUT.resolve("results").relativize(e.getKey()) + (before.containsKey(e.getKey()) ? " (rewritten)" : " (new)"));
            }
        }
        assertTrue(changed.isEmpty(), "the second execution trained or wrote runs: " + changed);
    }

    /** Every file under the run folders with its modification time. */
    private static Map<Path, FileTime> snapshot(Path results) throws IOException {
        Map<Path, FileTime> files = new TreeMap<>();
        if (!Files.isDirectory(results)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(results)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(p, Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    private static void check(Path notebook) throws Exception {
        check(notebook, OUT, Map.of());
    }

    /**
     * Executes a notebook under the smoke profile into {@code out} (results in {@code out/results} unless
     * {@code env} says otherwise) and checks it as above.
     *
     * @param notebook the notebook
     * @param out      the folder for the executed copy, figures and log
     * @param env      further environment variables for the kernel
     */
    static void check(Path notebook, Path out, Map<String, String> env) throws Exception {
        String python = System.getProperty("vaepriors.python");
        if (python == null || python.isBlank()) {
            fail("no Jupyter Python given: run the notebook tests with 'bash environment/run-tests.sh', "
                    + "which installs Jupyter and the kernel and passes -Dvaepriors.python");
        }
        Files.createDirectories(out);
        Path log = out.resolve(notebook.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(python, ROOT.resolve("environment/execute_notebooks.py").toString(),
                "--out", out.toString(), "--cell-timeout", "600", notebook.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VAEPRIORS_PROFILE", "smoke");
        pb.environment().put("VAEPRIORS_FIGURES", out.resolve("figures").toString());
        pb.environment().put("VAEPRIORS_OUTPUT", out.toString());
        pb.environment().put("VAEPRIORS_RESULTS", out.resolve("results").toString());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(NOTEBOOK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(notebook.getFileName() + " did not finish within " + NOTEBOOK_TIMEOUT_MINUTES + " minutes");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        String runnerLog = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "%s: exit %d in %.1f s%n", notebook.getFileName(), p.exitValue(), secs);
        assertEquals(0, p.exitValue(), notebook.getFileName() + " failed:\n" + tail(runnerLog));

        JsonNode nb = new ObjectMapper().readTree(out.resolve("notebooks").resolve(notebook.getFileName()).toFile());
        List<String> problems = new ArrayList<>();
        int pngs = 0;
        int plots = 0;
        int cell = 0;
        for (JsonNode c : nb.get("cells")) {
            cell++;
            for (JsonNode o : c.path("outputs")) {
                String type = o.path("output_type").asText();
                String text = joined(o.path("text"));
                if (type.equals("error")) {
                    problems.add("cell " + cell + ": error " + o.path("ename").asText() + ": " + o.path("evalue").asText());
                }
                if (type.equals("stream") && o.path("name").asText().equals("stderr")) {
                    problems.add("cell " + cell + ": stderr: " + text.strip());
                }
                if (text.toLowerCase(Locale.ROOT).contains("unresolved") || text.contains("Compile error")) {
                    problems.add("cell " + cell + ": " + text.strip());
                }
                JsonNode data = o.path("data");
                if (data.has("image/png")) {
                    pngs++;
                }
                if (joined(data.path("text/html")).contains("Plotly.newPlot")) {
                    plots++;
                }
            }
        }
        assertTrue(problems.isEmpty(), notebook.getFileName() + ":\n" + String.join("\n", problems));
        assertTrue(pngs > 0, notebook.getFileName() + " shows no PNG image");
        assertTrue(plots > 0, notebook.getFileName() + " shows no plot");
    }

    /** Jupyter stores multi-line strings as arrays of lines. */
    private static String joined(JsonNode n) {
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            n.forEach(x -> sb.append(x.asText()));
            return sb.toString();
        }
        return n.asText("");
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
    }
}

package org.vaepriors.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's "Running a study on a cluster", done for real: notebook 01's {@code smoke} grid is planned
 * with the command line, run, and the notebook is then executed against the same {@code results/} with
 * {@code VAEPRIORS_RESULTS_ONLY=1} (a run it would have to train is an error) and must leave every file in
 * {@code results/} as it was: every run came from the cache.
 *
 * <p>Two engines: a one-node Slurm cluster started on this machine ({@code environment/slurm-local.sh}:
 * installs Debian's Slurm and munge when missing, as root; its own munged, slurmctld and slurmd, stopped
 * by PID at the end), with the grid submitted as a job array and waited for ({@code sbatch --wait}); and the
 * local runner ({@code run manifest.json --parallel 2}). Needs root for the Slurm daemons; without root it
 * is skipped, and says so.
 */
class ClusterStudyTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..").toAbsolutePath().normalize();
    private static final Path OUT = ROOT.resolve("output/test-cluster");
    private static final Path NOTEBOOK = ROOT.resolve("notebooks/01-active-dimensions.ipynb");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSlurmJobArrayFillsResultsAndTheNotebookThenTrainsNothing() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(root, "the one-node Slurm cluster needs root (daemons as root, munged as munge): skipped");
        Path work = fresh(OUT.resolve("slurm"));
        Path results = work.resolve("results");
        // a short path of its own: munge's socket path must fit a Unix socket name (108 bytes)
        Path cluster = Files.createTempDirectory("vaepriors-slurm");
        Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwxr-xr-x")); // munged traverses it
        long t0 = System.nanoTime();
        Result up = exec(List.of("bash", ROOT.resolve("environment/slurm-local.sh").toString(), "start", cluster.toString()),
                Map.of(), work.resolve("slurm-start.log"), 10);
        double upSeconds = seconds(t0);
        String jobId = null;
        try {
            assertEquals(0, up.exit, "the one-node cluster did not start:\n" + up.output);
            Map<String, String> env = Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString(),
                    "VAEPRIORS_RESULTS", results.toString(), "VAEPRIORS_DATA", data().toString());
            Path plan = work.resolve("plan");
            cli(env, work.resolve("plan.log"), "plan", "01", "--profile", "smoke", "--slurm", "--mem", "3", "--out",
                    plan.toString());
            long t1 = System.nanoTime();
            Result sbatch = exec(List.of("sbatch", "--wait", plan.resolve("job.sbatch").toString()), env,
                    work.resolve("sbatch.log"), 30);
            Matcher m = Pattern.compile("Submitted batch job (\\d+)").matcher(sbatch.output);
            jobId = m.find() ? m.group(1) : null;
            double arraySeconds = seconds(t1);
            assertEquals(0, sbatch.exit, "the job array failed (sbatch --wait gives the failing task's status):\n"
                    + sbatch.output + "\n" + taskLogs(plan.resolve("logs")));
            jobId = null;
            String logs = taskLogs(plan.resolve("logs"));
            assertTrue(logs.contains("1 thread"), "each task ran one ND4J thread for its one CPU:\n" + logs);
            System.out.printf(Locale.ROOT, "Slurm: cluster up in %.1f s, notebook 01's smoke grid (%d runs) as a job array "
                    + "in %.1f s (load %s)%n", upSeconds, manifestRuns(plan).size(), arraySeconds, load());
            allDone(plan, results);
            notebookTrainsNothing(results, work);
        } finally {
            if (jobId != null) {
                exec(List.of("scancel", jobId), Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString()),
                        work.resolve("scancel.log"), 1);
                Thread.sleep(3000);
            }
            Result down = exec(List.of("bash", ROOT.resolve("environment/slurm-local.sh").toString(), "stop",
                    cluster.toString()), Map.of(), work.resolve("slurm-stop.log"), 2);
            assertEquals(0, down.exit, down.output);
            // the daemons' logs stay with the test's output; the scratch folder (key, socket, state) goes
            Path logs = Files.createDirectories(work.resolve("slurm-logs"));
            if (Files.isDirectory(cluster.resolve("log"))) {
                try (Stream<Path> s = Files.list(cluster.resolve("log"))) {
                    for (Path p : s.toList()) {
                        Files.copy(p, logs.resolve(p.getFileName()));
                    }
                }
            }
            delete(cluster);
            System.out.printf(Locale.ROOT, "Slurm: whole test %.1f s%n", seconds(t0));
        }
    }

    @Test
    void theLocalRunnerOnAPlanFillsResultsAndTheNotebookThenTrainsNothing() throws Exception {
        Path work = fresh(OUT.resolve("local"));
        Path results = work.resolve("results");
        Map<String, String> env = Map.of("VAEPRIORS_RESULTS", results.toString(), "VAEPRIORS_DATA", data().toString());
        Path plan = work.resolve("plan");
        long t0 = System.nanoTime();
        cli(env, work.resolve("plan.log"), "plan", "01", "--profile", "smoke", "--out", plan.toString());
        cli(env, work.resolve("run.log"), "run", plan.resolve("manifest.json").toString(), "--parallel", "2");
        System.out.printf(Locale.ROOT, "local: notebook 01's smoke grid (%d runs), 2 at a time, in %.1f s (load %s)%n",
                manifestRuns(plan).size(), seconds(t0), load());
        allDone(plan, results);
        notebookTrainsNothing(results, work);
    }

    /** Every run of the plan has a finished, not diverged, result; the status command agrees. */
    private static void allDone(Path plan, Path results) throws Exception {
        List<String> runs = manifestRuns(plan);
        assertTrue(runs.size() >= 6, "notebook 01's smoke grid has at least 6 runs, the plan has " + runs);
        for (String run : runs) {
            Path result = results.resolve(run).resolve("result.json");
            assertTrue(Files.isRegularFile(result), "no result for " + run);
            JsonNode r = JSON.readTree(result.toFile());
            assertTrue(r.has("metrics") && !r.path("outcome").path("type").asText().equals("diverged"), run + " diverged");
        }
        String status = cli(Map.of("VAEPRIORS_RESULTS", results.toString()), plan.resolve("status.log"), "status",
                plan.resolve("manifest.json").toString());
        assertTrue(status.contains(runs.size() + " runs: {done=" + runs.size() + "}"), status);
    }

    /** Executes notebook 01 under smoke against the results; not one file in them may change. */
    private static void notebookTrainsNothing(Path results, Path work) throws Exception {
        Map<Path, String> before = snapshot(results);
        long t0 = System.nanoTime();
        NotebooksTest.check(NOTEBOOK, work.resolve("notebook"), Map.of("VAEPRIORS_RESULTS", results.toString(),
                "VAEPRIORS_RESULTS_ONLY", "1"));
        System.out.printf(Locale.ROOT, "%s against those results: %.1f s%n", NOTEBOOK.getFileName(), seconds(t0));
        Map<Path, String> after = snapshot(results);
        List<String> changed = new ArrayList<>();
        for (Map.Entry<Path, String> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                changed.add(results.relativize(e.getKey()) + (before.containsKey(e.getKey()) ? " (rewritten)" : " (new)"));
            }
        }
        assertTrue(changed.isEmpty(), "the notebook trained or wrote runs: " + changed);
        assertEquals(before.keySet(), after.keySet());
    }

    /** Every file under the results with its size and modification time. */
    private static Map<Path, String> snapshot(Path results) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(results)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(p, Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    private static List<String> manifestRuns(Path plan) throws IOException {
        List<String> runs = new ArrayList<>();
        JSON.readTree(plan.resolve("manifest.json").toFile()).path("runs").forEach(r -> runs.add(r.path("run").asText()));
        return runs;
    }

    /** Runs the library's command line (the shaded jar, as a user would) and returns its output. */
    private static String cli(Map<String, String> env, Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx2g",
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(env);
        e.put("OMP_NUM_THREADS", "1");
        Result r = exec(cmd, e, log, 20);
        assertEquals(0, r.exit, String.join(" ", args) + " failed:\n" + r.output);
        return r.output;
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(List<String> cmd, Map<String, String> env, Path log, long minutes) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // the kernel and tasks must not inherit a results-only or wait setting from whoever runs the tests
        pb.environment().remove("VAEPRIORS_RESULTS_ONLY");
        pb.environment().remove("VAEPRIORS_WAIT");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish within " + minutes + " minutes; log " + log + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path jar() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve("lib/target"))) {
            return s.filter(p -> p.getFileName().toString().matches("vae-priors-lib-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no library jar in lib/target: run 'mvn verify' (run-tests.sh)"));
        }
    }

    private static Path data() {
        String d = System.getenv("VAEPRIORS_DATA");
        return d == null || d.isBlank() ? ROOT.resolve("data") : ROOT.resolve(d).normalize();
    }

    private static Path fresh(Path dir) throws IOException {
        delete(dir);
        return Files.createDirectories(dir);
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String taskLogs(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return "(no task logs)";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(logs)) {
            for (Path p : s.sorted().toList()) {
                sb.append("== ").append(p.getFileName()).append('\n').append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}

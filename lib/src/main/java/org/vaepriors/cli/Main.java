package org.vaepriors.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.vaepriors.LabPaths;
import org.vaepriors.data.Datasets;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Manifest;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunLock;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.experiment.RunStatus;
import org.vaepriors.experiment.Study;
import org.vaepriors.io.Json;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.Execution;
import org.vaepriors.runtime.LibraryVersion;
import org.vaepriors.train.Listener;
import org.vaepriors.train.TrainingStatus;

/**
 * Command-line entry point, for long runs outside a notebook:
 * <pre>
 * java -jar vae-priors-lib-all.jar info                       version, backend, data sets found
 * java -jar vae-priors-lib-all.jar run CONFIG.json            train and evaluate a run config (resumes if interrupted)
 * java -jar vae-priors-lib-all.jar run MANIFEST.json INDEX    the manifest's entry INDEX (a job array's task)
 * java -jar vae-priors-lib-all.jar run MANIFEST.json          all its entries on this machine, --parallel N at a time
 * java -jar vae-priors-lib-all.jar plan NOTEBOOK [--slurm]    write a study's runs as a manifest (and an sbatch script)
 * java -jar vae-priors-lib-all.jar status [MANIFEST.json]     each run: done, running (who), interrupted, failed, diverged
 * java -jar vae-priors-lib-all.jar benchmark [args]           the speed table of BENCHMARKS.md
 * </pre>
 * A run's config is the {@code config.json} a notebook's run folder holds, one a plan wrote, or one written
 * by hand. Exit status: 0 when every run asked for is finished, 1 on an error, 2 on a usage error, 3 when a
 * run diverged (its result says so; asking again does not train it again).
 */
public final class Main {
    /** Exit status of a run that diverged. */
    static final int DIVERGED = 3;

    private Main() {
    }

    /**
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        Execution.configureProcess();
        String cmd = args.length == 0 ? "info" : args[0];
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
        int status;
        try {
            status = switch (cmd) {
                case "info" -> info();
                case "run" -> run(rest);
                case "plan" -> plan(rest);
                case "status" -> status(rest);
                case "benchmark" -> {
                    benchmark(rest);
                    yield 0;
                }
                case "-h", "--help", "help" -> {
                    System.out.println(USAGE);
                    yield 0;
                }
                default -> usage("unknown command '" + cmd + "'");
            };
        } catch (UsageException e) {
            status = usage(e.getMessage());
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    private static final String USAGE = """
            usage: java -jar vae-priors-lib-all.jar COMMAND
              info                                  version, backend, data sets found
              run CONFIG.json [--no-wait]           train and evaluate one run config (resumes if interrupted)
              run MANIFEST.json INDEX [--no-wait]   entry INDEX of a plan (a job array task: INDEX=$SLURM_ARRAY_TASK_ID)
              run MANIFEST.json [--parallel N]      every entry of a plan on this machine, N at a time
              plan NOTEBOOK [--profile P] [--out DIR] [--slurm [--partition P] [--cpus N] [--mem GB] [--time T]
                   [--gpus N] [--max-parallel N] [--jar PATH] [--sbatch OPTION]...]
                                                    write a notebook's study as one config per run and a manifest
              status [MANIFEST.json | RESULTS_DIR]  each run: done, running (who holds it), interrupted, failed, diverged
              benchmark [steps] [archs] [priors]    one framework's steps, evaluation and memory
              benchmark compare [steps] [ARCH:prior,...]  the table of BENCHMARKS.md, ours beside PyTorch
              benchmark lars [draws]                LARS's Monte Carlo Z against the matrix-multiply rate
              benchmark knn                         the Exemplar prior's kNN search alone, at the training step's shapes
            --no-wait fails at once when another process trains the same run (VAEPRIORS_WAIT=0 does the same);
            by default it waits for that process and loads its result.""";

    /** The benchmarks start child processes (PyTorch, a memory probe): their failures are errors of this command. */
    private static void benchmark(List<String> args) {
        try {
            Benchmark.main(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int info() {
        Path data = LabPaths.data();
        System.out.println("VAE Priors Lab " + LibraryVersion.version() + " (DL4J/ND4J " + LibraryVersion.dl4jVersion() + ")");
        System.out.println("backend:   " + BackendInfo.current());
        System.out.println("data dir:  " + data);
        System.out.println("available: " + Datasets.available(data));
        System.out.println("results:   " + LabPaths.results());
        return 0;
    }

    // ---------------------------------------------------------------- run

    private static int run(List<String> args) {
        RunLock.Wait wait = flag(args, "--no-wait") ? RunLock.Wait.failFast() : RunLock.Wait.fromEnv();
        int parallel = intOption(args, "--parallel", ExperimentRunner.defaultParallelism());
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageException("run takes a config or a manifest, and for a manifest optionally an index");
        }
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        JsonNode json = readTree(file);
        if (!json.has("runs")) {
            if (args.size() != 1) {
                throw new UsageException(file + " is a run config, not a manifest: it takes no index");
            }
            RunConfig<?, ?> cfg = Json.read(file, RunConfig.class);
            return runOne(cfg, Knobs.fromEnv(), wait, "");
        }
        Manifest manifest = Manifest.read(file);
        if (args.size() == 2) {
            int index = parseInt(args.get(1), "INDEX");
            RunConfig<?, ?> cfg = manifest.config(file, index);
            // a job array task's log says where it ran and how (Slurm sets OMP_NUM_THREADS from its CPUs)
            System.out.println(manifest.study() + " [" + index + "] on " + RunLock.Holder.current().host() + ", "
                    + BackendInfo.current());
            return runOne(cfg, manifest.knobs(), wait, "");
        }
        return runAll(manifest, file, parallel, wait);
    }

    private static int runOne(RunConfig<?, ?> cfg, Knobs knobs, RunLock.Wait wait, String prefix) {
        System.out.println(prefix + "run " + cfg.label() + "-" + cfg.id() + " -> " + ExperimentRunner.runDir(cfg));
        ExperimentRunner.Run<?, ?> run = ExperimentRunner.run(cfg, knobs, new Listener() {
            @Override
            public void epoch(TrainingStatus status) {
                System.out.println(prefix + status);
            }
        }, wait);
        return report(run.result(), prefix);
    }

    private static int report(RunResult result, String prefix) {
        if (result.divergence().isPresent()) {
            System.out.println(prefix + "DIVERGED: " + result.summary());
            return DIVERGED;
        }
        System.out.println(prefix + result.summary());
        return 0;
    }

    /**
     * Every entry of a plan in this JVM, {@code parallel} at a time, the most work first; one failure does not
     * stop the others.
     */
    private static int runAll(Manifest manifest, Path file, int parallel, RunLock.Wait wait) {
        if (parallel < 1) {
            throw new UsageException("--parallel must be >= 1, got " + parallel);
        }
        int n = manifest.runs().size();
        System.out.printf(Locale.ROOT, "%s (%s): %d runs, %d at a time, results in %s%n", manifest.study(),
                manifest.profile(), n, parallel, LabPaths.results());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, n)));
        try {
            List<RunConfig<?, ?>> cfgs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                cfgs.add(manifest.config(file, i));
            }
            List<Future<Integer>> futures = new ArrayList<>(Collections.nCopies(n, null));
            for (int i : ExperimentRunner.startOrder(cfgs)) {
                RunConfig<?, ?> cfg = cfgs.get(i);
                String prefix = "[" + i + "] ";
                futures.set(i, pool.submit(() -> runOne(cfg, manifest.knobs(), wait, prefix)));
            }
            int worst = 0;
            int failed = 0;
            int diverged = 0;
            for (int i = 0; i < n; i++) {
                try {
                    int s = futures.get(i).get();
                    diverged += s == DIVERGED ? 1 : 0;
                    worst = Math.max(worst, s);
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    System.out.println("[" + i + "] FAILED: " + e.getCause());
                    worst = Math.max(worst, 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            System.out.printf(Locale.ROOT, "%d runs: %d finished, %d diverged, %d failed%n", n, n - failed - diverged,
                    diverged, failed);
            return failed > 0 ? 1 : worst;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- plan

    private static int plan(List<String> args) {
        String profileName = stringOption(args, "--profile", null);
        String out = stringOption(args, "--out", null);
        boolean slurm = flag(args, "--slurm");
        String partition = stringOption(args, "--partition", null);
        int cpus = intOption(args, "--cpus", 1);
        int mem = intOption(args, "--mem", 6);
        String time = stringOption(args, "--time", null);
        int gpus = intOption(args, "--gpus", 0);
        int maxParallel = intOption(args, "--max-parallel", 0);
        String jar = stringOption(args, "--jar", null);
        List<String> extra = new ArrayList<>();
        for (String e = stringOption(args, "--sbatch", null); e != null; e = stringOption(args, "--sbatch", null)) {
            extra.add(e);
        }
        if (args.size() != 1) {
            throw new UsageException("plan takes one notebook (e.g. 01 or 01-active-dimensions), got " + args);
        }
        Knobs env = Knobs.fromEnv();
        Knobs knobs = profileName == null ? env
                : new Knobs(Profile.parse(profileName), env.maxEpochs(), env.dataLimit(), env.iwSamples());
        Study study = Studies.of(notebookName(args.get(0)), knobs.profile());
        Path dir = out != null ? Path.of(out).toAbsolutePath()
                : LabPaths.output().resolve("plans").resolve(study.notebook() + "-" + knobs.profile());
        Manifest manifest = Manifest.write(dir, study.notebook(), knobs, study.runs());
        Path manifestFile = dir.resolve(Manifest.FILE);
        System.out.printf(Locale.ROOT, "%s, %s: %d runs -> %s%n", study.notebook(), knobs, manifest.runs().size(),
                manifestFile);
        System.out.println(study.summary());
        if (slurm) {
            Path jarPath = jar != null ? Path.of(jar).toAbsolutePath() : defaultJar(gpus > 0);
            if (!Files.isRegularFile(jarPath)) {
                System.out.println("note: no jar at " + jarPath + " yet; build it before submitting ("
                        + (gpus > 0 ? "mvn -Pcuda -DskipTests package" : "mvn -DskipTests package") + ")");
            }
            SlurmScript script = new SlurmScript(partition, cpus, mem, time, gpus, maxParallel, jarPath, extra);
            Path logs = dir.resolve("logs");
            Path results = LabPaths.results();
            try {
                Files.createDirectories(logs);
                Files.createDirectories(results);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + logs + " or " + results, e);
            }
            Path sbatch = dir.resolve("job.sbatch");
            writeExecutable(sbatch, script.render(manifest, manifestFile, LabPaths.root(), results, LabPaths.data(), logs));
            System.out.println("sbatch script -> " + sbatch);
            System.out.println("results on " + fileSystem(results) + ", data on " + fileSystem(LabPaths.data())
                    + ": every node must see both at these paths");
            System.out.println("submit with: sbatch " + sbatch);
        } else {
            System.out.println("run here with: java -jar " + defaultJar(false) + " run " + manifestFile
                    + " [--parallel N]");
        }
        return 0;
    }

    /**
     * @param given a notebook's number ("01"), name, or file ("notebooks/01-active-dimensions.ipynb")
     * @return its name, if a study has it; else {@code given}, for {@link Studies#of} to name the choices
     */
    private static String notebookName(String given) {
        String n = given.replaceFirst("^.*/", "").replaceFirst("\\.ipynb$", "").toLowerCase(Locale.ROOT);
        for (String name : Studies.notebooks()) {
            if (name.equals(n) || name.startsWith(n + "-")) {
                return name;
            }
        }
        return given;
    }

    /** The shaded jar of this build: the CPU one, or the CUDA one ({@code mvn -Pcuda package}) beside it. */
    private static Path defaultJar(boolean cuda) {
        return LabPaths.root().resolve("lib/target/vae-priors-lib-" + LibraryVersion.version()
                + (cuda ? "-all-cuda.jar" : "-all.jar"));
    }

    private static String fileSystem(Path p) {
        try {
            Path q = p;
            while (q != null && !Files.exists(q)) {
                q = q.getParent();
            }
            return q == null ? "?" : Files.getFileStore(q).type() + " (" + p + ")";
        } catch (IOException e) {
            return "? (" + p + ")";
        }
    }

    private static void writeExecutable(Path file, String text) {
        org.vaepriors.io.AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException e) {
            // sbatch reads the script; it need not be executable
        }
    }

    // ---------------------------------------------------------------- status

    private static int status(List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("status takes at most a manifest or a results folder");
        }
        List<String[]> rows = new ArrayList<>();
        if (!args.isEmpty() && Files.isRegularFile(Path.of(args.get(0)))) {
            Path file = Path.of(args.get(0));
            Manifest m = Manifest.read(file);
            System.out.println(m.study() + " (" + m.profile() + "), results in " + LabPaths.results());
            for (Manifest.Entry e : m.runs()) {
                RunStatus s = RunStatus.of(LabPaths.results().resolve(e.run()));
                rows.add(new String[]{Integer.toString(e.index()), e.run(), s.state().toString(), s.detail()});
            }
        } else {
            Path results = args.isEmpty() ? LabPaths.results() : Path.of(args.get(0));
            System.out.println("runs in " + results);
            int i = 0;
            for (RunStatus s : RunStatus.all(results)) {
                rows.add(new String[]{Integer.toString(i++), s.dir().getFileName().toString(), s.state().toString(),
                        s.detail()});
            }
        }
        int w = rows.stream().mapToInt(r -> r[1].length()).max().orElse(3);
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, "%4s  %-" + w + "s  %-11s  %s%n", r[0], r[1], r[2], r[3]);
            counts.merge(r[2], 1, Integer::sum);
        }
        System.out.println(rows.size() + " runs: " + counts);
        return 0;
    }

    // ---------------------------------------------------------------- arguments

    /** A mistake in the command line: printed with the usage, exit status 2. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static int usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println(USAGE);
        return 2;
    }

    private static boolean flag(List<String> args, String name) {
        return args.remove(name);
    }

    private static String stringOption(List<String> args, String name, String def) {
        int i = args.indexOf(name);
        if (i < 0) {
            return def;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }

    private static int intOption(List<String> args, String name, int def) {
        String v = stringOption(args, name, null);
        return v == null ? def : parseInt(v, name);
    }

    private static int parseInt(String v, String name) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, got '" + v + "'");
        }
    }

    private static JsonNode readTree(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
    }
}

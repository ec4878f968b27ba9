package org.vaepriors.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.experiment.Manifest;

/**
 * The sbatch script of a plan: a job array with one task per manifest entry. Each task runs one JVM on
 * {@code run manifest.json $SLURM_ARRAY_TASK_ID} with one ND4J thread per CPU it asked for, against the
 * shared {@code results/} and data folders; on a GPU partition it runs the CUDA build of the library.
 * Tasks that ask for the same run (a dependency two runs share) meet at the run's lock: one trains it, the
 * other waits and loads it.
 *
 * @param partition   the partition, or null for the cluster's default
 * @param cpus        CPUs per task (= ND4J threads)
 * @param memGb       memory per task, GiB; the JVM heap and ND4J's off-heap limits are sized from it
 * @param time        the time limit per task (Slurm's format, e.g. "12:00:00"), or null for the partition's
 * @param gpus        GPUs per task (0 for a CPU partition)
 * @param maxParallel tasks running at once (Slurm's {@code %N}), or 0 for no limit
 * @param jar         the library jar the tasks run (the CUDA build when {@code gpus > 0})
 * @param extra       further {@code #SBATCH} options, verbatim (account, QOS, constraint)
 */
public record SlurmScript(String partition, int cpus, int memGb, String time, int gpus, int maxParallel, Path jar,
                          List<String> extra) {
    /** Validates the fields. */
    public SlurmScript {
        if (cpus < 1) {
            throw new IllegalArgumentException("--cpus must be >= 1, got " + cpus);
        }
        if (memGb < 1) {
            throw new IllegalArgumentException("--mem must be >= 1 (GiB), got " + memGb);
        }
        if (gpus < 0) {
            throw new IllegalArgumentException("--gpus must be >= 0, got " + gpus);
        }
        if (maxParallel < 0) {
            throw new IllegalArgumentException("--max-parallel must be >= 0, got " + maxParallel);
        }
        Objects.requireNonNull(jar, "jar");
        extra = List.copyOf(extra);
    }

    /**
     * @param manifest     the plan
     * @param manifestFile its file (absolute)
     * @param root         the project root on the nodes
     * @param results      the shared results folder
     * @param data         the shared data folder
     * @param logs         the folder for the tasks' output
     * @return the script's text
     */
    public String render(Manifest manifest, Path manifestFile, Path root, Path results, Path data, Path logs) {
        int n = manifest.runs().size();
        if (n == 0) {
            throw new IllegalArgumentException("the plan has no runs: nothing to submit");
        }
        // JVM heap for data and tables; ND4J's arrays live off-heap under JavaCPP's limits, checked before
        // each allocation (with the default, half the node's memory, tasks sharing a node would overcommit it)
        long mb = memGb * 1024L;
        long heap = Math.max(512, Math.min(4096, mb / 4));
        long offHeap = mb * 6 / 10;
        long physical = mb * 9 / 10;
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Written by 'plan --slurm' for ").append(manifest.study()).append(" (profile ").append(manifest.profile())
                .append("): one array task per run of\n# ").append(manifestFile).append("\n");
        s.append("# Submit: sbatch ").append(manifestFile.getParent().resolve("job.sbatch"))
                .append("   (add --wait to block until every task has ended)\n");
        s.append("# Progress: java -jar ").append(jar).append(" status ").append(manifestFile).append("\n");
        s.append("#SBATCH --job-name=vaepriors-").append(manifest.study()).append('-').append(manifest.profile()).append('\n');
        s.append("#SBATCH --array=0-").append(n - 1).append(maxParallel > 0 ? "%" + maxParallel : "").append('\n');
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=").append(cpus).append('\n');
        s.append("#SBATCH --mem=").append(memGb).append("G\n");
        s.append("#SBATCH --output=").append(logs.resolve("%A_%a.out")).append('\n');
        if (partition != null) {
            s.append("#SBATCH --partition=").append(partition).append('\n');
        }
        if (time != null) {
            s.append("#SBATCH --time=").append(time).append('\n');
        }
        if (gpus > 0) {
            s.append("#SBATCH --gres=gpu:").append(gpus).append('\n');
        }
        for (String e : extra) {
            s.append("#SBATCH ").append(e).append('\n');
        }
        s.append("set -euo pipefail\n\n");
        s.append("# the shared folders: every node must see them at these paths\n");
        s.append("export VAEPRIORS_HOME=").append(quote(root)).append('\n');
        s.append("export VAEPRIORS_RESULTS=").append(quote(results)).append('\n');
        s.append("export VAEPRIORS_DATA=").append(quote(data)).append('\n');
        s.append("# a task trains its run, and waits for a run another task is training\n");
        s.append("unset VAEPRIORS_RESULTS_ONLY VAEPRIORS_WAIT\n");
        s.append("# one ND4J (OpenMP) thread per CPU this task asked for\n");
        s.append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-").append(cpus).append("}\"\n");
        if (gpus > 0) {
            s.append("# the CUDA build (nd4j-cuda-11.6: Volta, Turing, Ampere; not Hopper or newer)\n");
        }
        s.append("JAR=").append(quote(jar)).append('\n');
        s.append("if [[ ! -f \"$JAR\" ]]; then echo \"no library jar at $JAR on $(hostname): build it (README) on the "
                + "shared file system\" >&2; exit 2; fi\n");
        s.append(String.format(Locale.ROOT, "exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -Xmx%dm "
                        + "-Dorg.bytedeco.javacpp.maxbytes=%dm -Dorg.bytedeco.javacpp.maxphysicalbytes=%dm \\%n"
                        + "  -jar \"$JAR\" run %s \"$SLURM_ARRAY_TASK_ID\"%n", heap, offHeap, physical,
                quote(manifestFile)));
        return s.toString();
    }

    /** Single-quotes a path for bash. */
    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }
}

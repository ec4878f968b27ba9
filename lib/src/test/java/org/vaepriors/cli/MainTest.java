package org.vaepriors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.exemplar.PriorComparison;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Manifest;
import org.vaepriors.experiment.Profile;
import org.vaepriors.testing.ChildJvm;
import org.vaepriors.testing.SharedData;

/** The command line in its own JVM (it ends with System.exit): plan, the sbatch script, status, bad input. */
class MainTest {
    @TempDir
    Path tmp;

    @Test
    void planWritesNotebook01sSmokeGridAndAnSbatchArray() throws Exception {
        Path data = SharedData.dir();
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.MNIST_10K), "needs the offline MNIST-10k");
        Path results = tmp.resolve("results");
        Path out = tmp.resolve("plan");
        List<String> props = List.of("vaepriors.results=" + results, "vaepriors.data=" + data);
        try (ChildJvm plan = ChildJvm.start(Main.class, props, "plan", "01", "--profile", "smoke", "--out", out.toString(),
                "--slurm", "--cpus", "2", "--mem", "4", "--partition", "debug", "--max-parallel", "3")) {
            assertEquals(0, plan.waitFor(Duration.ofMinutes(1)), String.join("\n", plan.output()));
        }
        Manifest m = Manifest.read(out.resolve(Manifest.FILE));
        System.setProperty("vaepriors.data", data.toString());
        List<String> expected;
        try {
            expected = PriorComparison.of(Profile.SMOKE).configs().stream()
                    .map(c -> ExperimentRunner.runDir(c.scaled(Knobs.of(Profile.SMOKE))).getFileName().toString()).toList();
        } finally {
            System.clearProperty("vaepriors.data");
        }
        assertEquals(expected, m.runs().stream().map(Manifest.Entry::run).toList(), "notebook 01's runs, its ids");
        assertEquals("01-active-dimensions", m.study());

        String script = Files.readString(out.resolve("job.sbatch"));
        for (String line : List.of("#SBATCH --array=0-" + (expected.size() - 1) + "%3", "#SBATCH --cpus-per-task=2",
                "#SBATCH --mem=4G", "#SBATCH --partition=debug", "export VAEPRIORS_RESULTS='" + results + "'",
                "export VAEPRIORS_DATA='" + data + "'", "export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-2}\"",
                "run '" + out.resolve(Manifest.FILE) + "' \"$SLURM_ARRAY_TASK_ID\"")) {
            assertTrue(script.contains(line), "the script has '" + line + "':\n" + script);
        }
        assertTrue(Files.isDirectory(out.resolve("logs")), "sbatch does not create the output folder itself");
        Process bash = new ProcessBuilder("bash", "-n", out.resolve("job.sbatch").toString()).inheritIO().start();
        assertEquals(0, bash.waitFor(), "the script parses");

        try (ChildJvm status = ChildJvm.start(Main.class, props, "status", out.resolve(Manifest.FILE).toString())) {
            assertEquals(0, status.waitFor(Duration.ofMinutes(1)));
            assertTrue(status.line(expected.size() + " runs:").contains("not started=" + expected.size()),
                    String.join("\n", status.output()));
        }
        try (ChildJvm run = ChildJvm.start(Main.class, props, "run", out.resolve(Manifest.FILE).toString(), "99")) {
            assertEquals(1, run.waitFor(Duration.ofMinutes(1)));
            assertTrue(run.line("error:").contains("out of range"), String.join("\n", run.output()));
        }
    }

    @Test
    void unknownNotebooksAndCommandsAreNamed() throws Exception {
        try (ChildJvm plan = ChildJvm.start(Main.class, List.of(), "plan", "99-nothing")) {
            assertEquals(1, plan.waitFor(Duration.ofMinutes(1)));
            assertTrue(plan.line("error:").contains("no study for notebook '99-nothing'")
                    && plan.line("error:").contains("01-active-dimensions"), String.join("\n", plan.output()));
        }
        try (ChildJvm bad = ChildJvm.start(Main.class, List.of(), "plan", "01", "--cpus", "many")) {
            assertEquals(2, bad.waitFor(Duration.ofMinutes(1)));
            assertTrue(bad.line("error:").contains("--cpus must be an integer"), String.join("\n", bad.output()));
        }
    }
}

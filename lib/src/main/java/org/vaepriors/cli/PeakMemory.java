package org.vaepriors.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.vaepriors.LabPaths;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.vampprior.VampPrior;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.train.Listener;
import org.vaepriors.train.Trainer;

/**
 * The peak resident memory of a VAE + VampPrior (K = 500) run on Fashion-MNIST, in a JVM of its own: one
 * epoch of 50,000 images through the {@link Trainer} (validation on 10,000, checkpoints), then the test
 * metrics of 500 images with 500 importance samples. The peak is the kernel's VmHWM of that process.
 */
final class PeakMemory {
    private PeakMemory() {
    }

    /** Runs in the child JVM: the run, then one line with the peak. */
    static void main(String[] args) throws IOException {
        ImageDataset data = Datasets.load(DatasetId.FASHION_MNIST, LabPaths.data());
        VaeModel<?> m = VaeModel.build(ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE), VampPrior.Spec.of(500), data.train(),
                DataType.FLOAT, 1);
        Path dir = Files.createTempDirectory("vaepriors-rss");
        long t0 = System.nanoTime();
        Trainer.train(m, data.train(), data.validation().binarized(1L), new TrainSpec(1, 1, 50, 100, 5e-4), 1, dir,
                Listener.NONE);
        Evaluator.evaluate(m, data.test().binarized(2L), new EvalSpec(500, 500), new SplittableRandom(3));
        System.out.printf(Locale.ROOT, "PEAK %.2f %.0f%n", vmHwmKb() / 1024.0 / 1024.0, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * @return a line for the benchmark: the peak resident memory of the run in a child JVM started with this
     * JVM's flags
     */
    static String inChildJvm() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "benchmark", "rss"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("PEAK ")) {
                String[] f = line.trim().split(" ");
                return String.format(Locale.ROOT, "Peak resident memory of a VAE + VampPrior (K = 500) run (one epoch of 50,000 "
                        + "Fashion-MNIST images, validation, test metrics of 500 images with S = 500; %s s), JVM flags %s: "
                        + "%s GiB", f[2], flags, f[1]);
            }
        }
        return "Peak resident memory: the child JVM failed (exit " + p.exitValue() + ")";
    }

    private static long vmHwmKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

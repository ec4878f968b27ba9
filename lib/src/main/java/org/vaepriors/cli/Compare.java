package org.vaepriors.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.LabPaths;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.runtime.BackendInfo;

/**
 * The one benchmark table of BENCHMARKS.md: for every architecture x prior, our training step beside the
 * PyTorch reference's ({@code benchmarks/pytorch_reference.py}, run as a child process right after our
 * row, on the same machine and thread count), the ratio, the same in the threads' CPU time (less disturbed
 * by other processes on a shared machine), and the evaluation rate; then the figures the
 * targets name: the Exemplar prior's retrieval share, its step against the VampPrior's, its exact
 * evaluation rate, LARS's Z rate against SGEMM ({@link LarsThroughput}) and the peak resident memory of a
 * VAE + VampPrior run ({@link PeakMemory}, a child JVM with this JVM's flags). Figures are printed, never
 * asserted.
 *
 * <pre>
 * benchmark compare [steps] [ARCH:prior,...]
 * </pre>
 * The Python interpreter is {@code $VAEPRIORS_PYTHON} (default {@code python3}); ConvHVAE rows use a tenth of
 * the steps (at least 2).
 */
final class Compare {
    static final String ROWS = "VAE:gaussian,VAE:mog,VAE:vamp,VAE:exemplar,VAE:lars,HVAE:gaussian,HVAE:mog,HVAE:vamp,"
            + "HVAE:exemplar,HVAE:lars,CONV_HVAE:gaussian";

    private Compare() {
    }

    static void main(String[] args) throws IOException, InterruptedException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String[] rows = (args.length > 1 ? args[1] : ROWS).split(",");
        ImageSet train = Datasets.load(DatasetId.FASHION_MNIST, LabPaths.data()).train();
        System.out.println("backend: " + BackendInfo.current() + "; batch 100; PyTorch: " + python() + " "
                + "benchmarks/pytorch_reference.py, same threads; each row: best of 5 windows of " + steps
                + " steps (ConvHVAE " + convSteps(steps) + ") after a warm-up of twice that, median in brackets");
        System.out.println();
        System.out.println("| architecture | prior | ours ms/step | PyTorch ms/step | ratio | CPU ms/step, ours / PyTorch | CPU ratio "
                + "| ours s/epoch | IW log-weights/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        Map<String, Benchmark.Row> ours = new LinkedHashMap<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String row : rows) {
            String[] ap = row.trim().split(":");
            ArchitectureSpec arch = ArchitectureSpec.paper(ArchitectureSpec.Kind.valueOf(ap[0]));
            PriorSpec<?> prior = Benchmark.prior(ap[1]);
            int n = arch.kind() == ArchitectureSpec.Kind.CONV_HVAE ? convSteps(steps) : steps;
            Benchmark.Row r = Benchmark.measure(arch, prior, train, n);
            double[] torch = pytorch(ap[0], ap[1], n);
            ours.put(row.trim(), r);
            ratios.put(row.trim(), r.best() / torch[0]);
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f (%.1f) | %.1f (%.1f) | %.2f | %.1f / %.1f | %.2f | %.1f | %,.0f |%n",
                    arch.label(), prior.label(), r.best(), r.median(), torch[0], torch[1], r.best() / torch[0], r.cpu(),
                    torch[2], r.cpu() / torch[2], r.best() * 0.6 + r.epochExtra(), r.iwRate());
            System.gc(); // the row's graph and arrays go before the next row's
        }
        System.out.println();
        for (String arch : new String[]{"VAE", "HVAE"}) {
            Benchmark.Row ex = ours.get(arch + ":exemplar");
            Benchmark.Row vamp = ours.get(arch + ":vamp");
            if (ex != null) {
                System.out.printf(Locale.ROOT, "- %s, Exemplar prior: retrieval takes %.1f%% of the step; exact evaluation over "
                        + "N = %,d exemplars: %,.0f log-weights/s; the cache refresh at each epoch start %.1f s%s%n", arch,
                        100 * ex.retrievalShare(), train.size(), ex.iwRate(), ex.epochExtra(), vamp == null ? ""
                        : String.format(Locale.ROOT, "; its step is %.2fx the VampPrior's (K = 500)", ex.best() / vamp.best()));
            }
        }
        double worst = ratios.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "- highest ratio (ours / PyTorch): %.2f%n", worst);
        System.out.println();
        LarsThroughput.main(new String[0]);
        System.out.println();
        System.out.println(PeakMemory.inChildJvm());
        Nd4j.getMemoryManager().invokeGc();
    }

    static int convSteps(int steps) {
        return Math.max(2, steps / 10);
    }

    static String python() {
        String p = System.getenv("VAEPRIORS_PYTHON");
        return p == null || p.isBlank() ? "python3" : p;
    }

    /** The reference's best and median ms per step and its CPU ms per step for one row, from a child process. */
    private static double[] pytorch(String arch, String prior, int steps) throws IOException, InterruptedException {
        Path script = LabPaths.root().resolve("benchmarks/pytorch_reference.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + ": run from the project (or set VAEPRIORS_HOME)");
        }
        List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), "--threads",
                String.valueOf(Nd4j.getEnvironment().maxThreads()), "--steps", String.valueOf(steps), "--rows",
                arch + ":" + prior));
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        double[] out = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("ROW ")) {
                    String[] f = line.split(" ");
                    out = new double[]{Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])};
                }
            }
        }
        int code = proc.waitFor();
        if (out == null || code != 0) {
            throw new IllegalStateException("the PyTorch reference failed (exit " + code + ") for " + arch + ":" + prior
                    + ": is torch installed for " + python() + "? (pip install torch)");
        }
        return out;
    }
}

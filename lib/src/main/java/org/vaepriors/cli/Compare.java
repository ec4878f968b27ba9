package org.vaepriors.cli;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;

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

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * VAE + VampPrior run ({@link PeakMemory}, a child JVM with this JVM's flags). Beside each row, the GFLOP of
 * its step's matrix products ({@link org.vaepriors.engine.ProductFlops}) and the rate they ran at; for the
 * Exemplar prior, its retrieved union, its retrieval's products and its products against the VampPrior's, at
 * oneDNN's rate at the encoder's shapes. Both sides train on the first 50,000 Fashion-MNIST training images.
 * The Exemplar prior's cost follows the size of its retrieved union, and the two implementations' first steps
 * retrieve different numbers of exemplars (ours about 800 a step, the reference's under 100): the table's
 * reference pads its union to our mean (masked components, as our padding) so that both encode as many
 * exemplars, and its unpadded step is printed beside. Figures are printed, never asserted.
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
                + "| ours s/epoch | ours products GFLOP/step (GFLOP/s) | IW log-weights/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        Map<String, Benchmark.Row> ours = new LinkedHashMap<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        Map<String, double[]> unions = new LinkedHashMap<>();
        for (String row : rows) {
            String[] ap = row.trim().split(":");
            ArchitectureSpec arch = ArchitectureSpec.paper(ArchitectureSpec.Kind.valueOf(ap[0]));
            PriorSpec<?> prior = Benchmark.prior(ap[1]);
            int n = arch.kind() == ArchitectureSpec.Kind.CONV_HVAE ? convSteps(steps) : steps;
            Benchmark.Row r = Benchmark.measure(arch, prior, train, n);
            // the Exemplar prior's cost follows the size of its retrieved union, which differs between the two
            // implementations' first steps: the reference pads its union to ours (masked out), for equal work
            double[] torch = pytorch(ap[0], ap[1], n, (int) Math.round(r.union()));
            if (r.union() > 0) { // and as it runs on its own, for the record
                unions.put(row.trim(), new double[]{r.union(), torch[3], pytorch(ap[0], ap[1], n, 0)[0]});
            }
            ours.put(row.trim(), r);
            ratios.put(row.trim(), r.best() / torch[0]);
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f (%.1f) | %.1f (%.1f) | %.2f | %.1f / %.1f | %.2f | %.1f | %.2f (%.0f) "
                    + "| %,.0f |%n", arch.label(), prior.label(), r.best(), r.median(), torch[0], torch[1], r.best() / torch[0],
                    r.cpu(), torch[2], r.cpu() / torch[2], r.best() * 0.6 + r.epochExtra(), r.gflop(), r.productRate(),
                    r.iwRate());
            System.gc(); // the row's graph and arrays go before the next row's
        }
        System.out.println();
        // the rate the Exemplar encoder's largest products reach alone: what its extra arithmetic costs at best
        double peak = Double.NaN;
        if (ours.keySet().stream().anyMatch(k -> k.endsWith(":exemplar"))) {
            peak = Math.max(oneDnnRate(false, 896, 784, 300), oneDnnRate(true, 896, 784, 300));
            System.out.printf(Locale.ROOT, "- oneDNN's single-thread sgemm alone at the Exemplar encoder's largest shapes ([896 x 784]"
                    + " x [784 x 300] and its weight gradient), the faster of the two: %.0f GFLOP/s%n", peak);
        }
        for (String arch : new String[]{"VAE", "HVAE"}) {
            Benchmark.Row ex = ours.get(arch + ":exemplar");
            Benchmark.Row vamp = ours.get(arch + ":vamp");
            if (ex != null) {
                System.out.printf(Locale.ROOT, "- %s, Exemplar prior: retrieval takes %.1f%% of the step (%s); exact evaluation "
                        + "over N = %,d exemplars: %,.0f log-weights/s; the cache refresh at each epoch start %.1f s%s%n", arch,
                        100 * ex.retrievalShare(), ex.retrievalParts(), train.size(), ex.iwRate(), ex.epochExtra(), vamp == null ? ""
                        : String.format(Locale.ROOT, "; its step is %.2fx the VampPrior's (K = 500)", ex.best() / vamp.best()));
                double[] u = unions.get(arch + ":exemplar");
                System.out.printf(Locale.ROOT, "  Its union: %.0f exemplars a step (ours, padded to a multiple of 128 for the "
                        + "replay); the reference's own %.0f, padded to at least %.0f (masked out) for equal work: the two "
                        + "implementations' first steps retrieve different numbers of exemplars. The reference with its own "
                        + "union, unpadded: %.1f ms a step%n", u[0], u[1], Math.rint(u[0]), u[2]);
                double retrievalMs = ex.retrievalGflop() / peak * 1000;
                System.out.printf(Locale.ROOT, "  Retrieval's own products (the encoding of the queries and the batch's "
                        + "exemplars, the search's): %.2f GFLOP a step, %.1f ms at that rate: %.1f%% of the step%n",
                        ex.retrievalGflop(), retrievalMs, 100 * retrievalMs / ex.best());
                if (vamp != null) {
                    double extraMs = (ex.gflop() - vamp.gflop()) / peak * 1000;
                    System.out.printf(Locale.ROOT, "  Its products: %.2f GFLOP a step against the VampPrior's %.2f. The %.2f GFLOP "
                            + "more take %.1f ms at that rate: a step that did the VampPrior's work and then these products at "
                            + "that rate would take %.2fx the VampPrior's%n", ex.gflop(), vamp.gflop(), ex.gflop() - vamp.gflop(),
                            extraMs, (vamp.best() + extraMs) / vamp.best());
                }
            }
        }
        System.out.println("- the reference's data: " + referenceData + "; ours: the first 50,000 Fashion-MNIST training images");
        double worst = ratios.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "- highest ratio (ours / PyTorch): %.2f%n", worst);
        System.out.println();
        LarsThroughput.main(new String[0]);
        System.out.println();
        System.out.println(PeakMemory.inChildJvm());
        Nd4j.getMemoryManager().invokeGc();
    }

    /**
     * @param gradient the weight gradient's form, A^T dC with A [m, k] and dC [m, n], instead of A B
     * @return best-of-five GFLOP/s of oneDNN's sgemm (the plans' products) at that shape
     */
    private static double oneDnnRate(boolean gradient, int m, int k, int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = gradient ? Nd4j.rand(DataType.FLOAT, m, n) : Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = gradient ? Nd4j.create(DataType.FLOAT, k, n) : Nd4j.create(DataType.FLOAT, m, n);
        FloatPointer pa = (FloatPointer) a.data().pointer();
        FloatPointer pb = (FloatPointer) b.data().pointer();
        FloatPointer pc = (FloatPointer) c.data().pointer();
        Runnable product = gradient
                ? () -> dnnl_sgemm((byte) 'T', (byte) 'N', k, n, m, 1f, pa, k, pb, n, 0f, pc, n)
                : () -> dnnl_sgemm((byte) 'N', (byte) 'N', m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
        return 2.0 * m * k * n / Benchmark.bestSecondsPerCall(product) / 1e9;
    }

    /** What the reference trained on, as it printed it. */
    private static String referenceData = "?";

    static int convSteps(int steps) {
        return Math.max(2, steps / 10);
    }

    static String python() {
        String p = System.getenv("VAEPRIORS_PYTHON");
        return p == null || p.isBlank() ? "python3" : p;
    }

    /**
     * The reference's best and median ms per step, its CPU ms per step and its own mean union (Exemplar prior, else
     * 0) for one row, from a child process.
     *
     * @param exemplarRows the Exemplar prior's union is padded to at least this many components (0: not padded)
     */
    private static double[] pytorch(String arch, String prior, int steps, int exemplarRows)
            throws IOException, InterruptedException {
        Path script = LabPaths.root().resolve("benchmarks/pytorch_reference.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + ": run from the project (or set VAEPRIORS_HOME)");
        }
        List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), "--threads",
                String.valueOf(Nd4j.getEnvironment().maxThreads()), "--steps", String.valueOf(steps), "--rows",
                arch + ":" + prior, "--exemplar-rows", String.valueOf(exemplarRows)));
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        double[] out = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("DATA ")) {
                    referenceData = line.substring(5);
                }
                if (line.startsWith("ROW ")) {
                    String[] f = line.split(" ");
                    out = new double[]{Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])};
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

package org.vaepriors.cli;

import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.LabPaths;
import org.vaepriors.data.Binarization;
import org.vaepriors.engine.Profile;
import org.vaepriors.engine.ProductFlops;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.data.ImageSet;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.eval.LogWeights;
import org.vaepriors.exemplar.ExemplarPrior;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.Execution;
import org.vaepriors.train.AdamNormGrad;
import org.vaepriors.train.Batch;
import org.vaepriors.train.GradientStep;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.train.VaeObjective;
import org.vaepriors.vampprior.VampPrior;

/**
 * Training and evaluation speed: for every architecture x prior, the seconds per epoch of 60,000
 * Fashion-MNIST images in batches of 100 and training images per second, and the importance-sampling
 * rate (log-weights per second). Prints a Markdown table for BENCHMARKS.md.
 *
 * <p>Timing: a warm-up of twice the window (at least 10 steps), then five windows of {@code steps} steps each; the table reports the fastest
 * window (the one least disturbed by the rest of the machine: shared virtual machines here vary by 2x
 * from minute to minute) and, in brackets, the median. A step is forward, backward and the optimiser.
 *
 * <pre>
 * java -cp lib/target/vae-priors-lib-0.1.0-SNAPSHOT-all.jar org.vaepriors.cli.Benchmark [steps] [arch,...] [prior,...]
 * java -cp lib/target/vae-priors-lib-0.1.0-SNAPSHOT-all.jar org.vaepriors.cli.Benchmark lars [draws]
 * </pre>
 *
 * The {@code lars} mode measures the Monte Carlo estimate of LARS's Z ({@link LarsThroughput}); the
 * {@code compare} mode prints BENCHMARKS.md's table, ours beside PyTorch's ({@link Compare}); {@code rss} is
 * the run whose peak memory {@code compare} reports ({@link PeakMemory}).
 */
public final class Benchmark {
    private static final int BATCH = 100;
    private static final int STEPS_PER_EPOCH = 600;
    private static final int IW_ROWS = 1000;
    private static final int WINDOWS = 5;

    private Benchmark() {
    }

    /**
     * @param args steps to time (default 60), architectures (VAE,HVAE,CONV_HVAE), priors (gaussian,mog,vamp,lars);
     *             or {@code lars [draws]}, or {@code knn} (the Exemplar prior's search alone)
     */
    public static void main(String[] args) throws java.io.IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("lars")) {
            LarsThroughput.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("knn")) {
            KnnThroughput.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("compare")) {
            Compare.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("rss")) {
            PeakMemory.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        String[] archs = (args.length > 1 ? args[1] : "VAE,HVAE,CONV_HVAE").split(",");
        String[] priors = (args.length > 2 ? args[2] : "gaussian,mog,vamp").split(",");
        ImageDataset data = Datasets.load(DatasetId.FASHION_MNIST, LabPaths.data());
        ImageSet train = data.train();
        System.out.println("backend: " + BackendInfo.current() + "; batch " + BATCH + "; epoch = " + STEPS_PER_EPOCH
                + " steps (60,000 images); best of " + WINDOWS + " windows of " + steps + " steps after " + warmup(steps)
                + " warm-up steps (median in brackets)");
        System.out.println();
        System.out.println("| architecture | prior | parameters | ms/step | s/epoch | train images/s | products GFLOP/step (GFLOP/s) "
                + "| IW log-weights/s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        StringBuilder notes = new StringBuilder();
        for (String a : archs) {
            for (String p : priors) {
                ArchitectureSpec arch = ArchitectureSpec.paper(ArchitectureSpec.Kind.valueOf(a.trim()));
                PriorSpec<?> prior = prior(p);
                Row r = measure(arch, prior, train, steps);
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f (%.1f) | %.1f (%.1f) | %.0f | %.2f (%.0f) | %.0f |%n",
                        arch.label(), prior.label(), r.params, r.best, r.median, r.best * STEPS_PER_EPOCH / 1000 + r.epochExtra,
                        r.median * STEPS_PER_EPOCH / 1000 + r.epochExtra, 1000 * BATCH / r.best, r.gflop, r.productRate(),
                        r.iwRate);
                if (!r.note.isEmpty()) {
                    notes.append("- ").append(arch.label()).append(", ").append(prior.label()).append(": ")
                            .append(r.note).append('\n');
                }
            }
        }
        if (!notes.isEmpty()) {
            System.out.println();
            System.out.print(notes);
        }
    }

    /**
     * @param name gaussian, mog, vamp, exemplar or lars
     * @return the benchmark's setting of that prior (K = 500; k = 10, M = N/2; MLP[100-100], S = 1024, T = 100)
     */
    static PriorSpec<?> prior(String name) {
        return switch (name.trim()) {
            case "gaussian" -> new StandardGaussianPrior.Spec();
            case "mog" -> new MixtureOfGaussiansPrior.Spec(500);
            case "vamp" -> VampPrior.Spec.of(500);
            case "exemplar" -> ExemplarPrior.Spec.paper();
            case "lars" -> ResampledPrior.Spec.paperDefaults();
            default -> throw new IllegalArgumentException("unknown prior '" + name
                    + "': gaussian, mog, vamp, exemplar or lars");
        };
    }

    /** @return seconds per call of {@code op}: one call to warm up, then the best of five rounds of ten calls */
    static double bestSecondsPerCall(Runnable op) {
        op.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < WINDOWS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                op.run();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / 10);
        }
        return best;
    }

    static int warmup(int steps) {
        return Math.max(10, 2 * steps);
    }

    /**
     * ms per step (best, median window; the thread's CPU time per step over all windows, which another
     * process's load disturbs less), the per-epoch extra seconds (a cache refresh), IW rate, the share of
     * the step spent in retrieval (Exemplar prior, else 0), the GFLOP of the step's matrix products (its
     * retrieval's included; {@link ProductFlops}) and of its retrieval's alone, the mean size of the retrieved
     * union (the Exemplar prior's components, before padding), retrieval's parts in ms a step (null without
     * retrieval), a remark.
     */
    record Row(long params, double best, double median, double cpu, double epochExtra, double iwRate, double retrievalShare,
               double gflop, double retrievalGflop, double union, RetrievalParts retrievalParts, String note) {
        /** @return the step's products in GFLOP/s at the best window's time */
        double productRate() {
            return gflop / (best / 1000);
        }
    }

    /**
     * Where the Exemplar prior's retrieval goes, ms a step: encoding the batch's queries and own exemplars, the
     * nearest-neighbour search, and the rest (cache writes, the union).
     */
    record RetrievalParts(double encodingMs, double searchMs, double otherMs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "encoding the batch's queries and own exemplars %.1f ms, the kNN search %.1f ms, "
                    + "cache writes and the union %.1f ms", encodingMs, searchMs, otherMs);
        }
    }

    static Row measure(ArchitectureSpec arch, PriorSpec<?> prior, ImageSet train, int steps) {
        Execution.prefer(arch.execution());
        VaeModel<?> m = VaeModel.build(arch, prior, train, DataType.FLOAT, 1);
        GradientStep step = new GradientStep(new VaeObjective(m, train, TrainSpec.paper().withWarmup(0), name -> true),
                new AdamNormGrad(5e-4, true));
        SplittableRandom rng = new SplittableRandom(1);
        int p = train.dim();
        double[] windows = new double[WINDOWS];
        long t0 = 0;
        long loopStart = 0;
        java.lang.management.ThreadMXBean cpuClock = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = 0;
        double retrievalAtStart = 0;
        double encodingAtStart = 0;
        double searchAtStart = 0;
        long flopsAtStart = 0;
        long retrievalFlopsAtStart = 0;
        long componentsAtStart = 0;
        ExemplarPrior exemplar = m.prior() instanceof ExemplarPrior e ? e : null;
        int warm = warmup(steps);
        for (int s = 0; s < warm + WINDOWS * steps; s++) {
            if (s == warm) {
                loopStart = System.nanoTime();
                cpuStart = cpuClock.getCurrentThreadCpuTime();
                retrievalAtStart = exemplar == null ? 0 : exemplar.retrievalSeconds();
                encodingAtStart = exemplar == null ? 0 : exemplar.queryEncodingSeconds();
                searchAtStart = exemplar == null ? 0 : exemplar.searchSeconds();
                flopsAtStart = ProductFlops.total();
                retrievalFlopsAtStart = exemplar == null ? 0 : exemplar.retrievalFlops();
                componentsAtStart = exemplar == null ? 0 : exemplar.retrievedComponents();
                Profile.reset();
            }
            if (s >= warm && (s - warm) % steps == 0) {
                if (s > warm) {
                    windows[(s - warm) / steps - 1] = (System.nanoTime() - t0) / 1e6 / steps;
                }
                t0 = System.nanoTime();
            }
            int from = (s * BATCH) % (train.size() - BATCH);
            int[] indices = new int[BATCH];
            java.util.Arrays.setAll(indices, i -> from + i);
            step.run(new Batch(1, s + 1, indices, rng));
        }
        windows[WINDOWS - 1] = (System.nanoTime() - t0) / 1e6 / steps;
        if (Profile.enabled()) { // -Dvaepriors.engine.profile=true: where a step's time goes, op by op
            System.out.println(arch.label() + ", " + prior.label() + ": " + Profile.summary(WINDOWS * steps, Profile.TOP));
        }
        double loopSeconds = (System.nanoTime() - loopStart) / 1e9;
        double gflop = (ProductFlops.total() - flopsAtStart) / 1e9 / (WINDOWS * steps);
        double retrievalGflop = exemplar == null ? 0 : (exemplar.retrievalFlops() - retrievalFlopsAtStart) / 1e9 / (WINDOWS * steps);
        double union = exemplar == null ? 0 : (double) (exemplar.retrievedComponents() - componentsAtStart) / (WINDOWS * steps);
        double cpuMs = (cpuClock.getCurrentThreadCpuTime() - cpuStart) / 1e6 / (WINDOWS * steps);
        double retrieval = exemplar == null ? 0 : exemplar.retrievalSeconds() - retrievalAtStart;
        RetrievalParts parts = null;
        if (exemplar != null) {
            double perStep = 1000.0 / (WINDOWS * steps);
            double encoding = exemplar.queryEncodingSeconds() - encodingAtStart;
            double search = exemplar.searchSeconds() - searchAtStart;
            parts = new RetrievalParts(encoding * perStep, search * perStep, (retrieval - encoding - search) * perStep);
        }
        double[] sorted = windows.clone();
        java.util.Arrays.sort(sorted);
        // importance sampling as the evaluation runs it: passes of the rows the prior allows (one image repeated)
        LogWeights lw = Evaluator.logWeights(m);
        int rows = m.evaluationRows(arch.kind() == ArchitectureSpec.Kind.CONV_HVAE ? BATCH : IW_ROWS);
        int passes = Math.max(1, IW_ROWS / rows / (arch.kind() == ArchitectureSpec.Kind.CONV_HVAE ? 10 : 1));
        float[] rep = new float[rows * p];
        for (int i = 0; i < rows; i++) {
            train.copyImage(0, rep, i * p);
        }
        Binarization.bernoulli(rep, rep, rng);
        INDArray x = HostArrays.floats(rep, rows, p);
        lw.logWeights(x, rng);
        lw.logWeights(x, rng);
        double iwRate = 0;
        Profile.reset();
        for (int w = 0; w < WINDOWS; w++) {
            long t1 = System.nanoTime();
            for (int i = 0; i < passes; i++) {
                lw.logWeights(x, rng);
            }
            iwRate = Math.max(iwRate, (double) passes * rows / ((System.nanoTime() - t1) / 1e9));
        }
        if (Profile.enabled()) {
            System.out.println(arch.label() + ", " + prior.label() + ", importance sampling pass of " + rows + " rows: "
                    + Profile.summary(WINDOWS * passes, Profile.TOP));
        }
        double extra = 0;
        String note = "";
        double share = exemplar == null ? 0 : retrieval / loopSeconds;
        if (exemplar != null) {
            double before = exemplar.refreshSeconds();
            exemplar.parametersChanged(); // as after an epoch of steps: the refresh encodes all N exemplars anew
            exemplar.beginEpoch(1);
            extra = exemplar.refreshSeconds() - before;
            note = String.format(Locale.ROOT, "retrieval (kNN among M = %,d of N = %,d) takes %.0f%% of the step time: %s; "
                    + "the union holds %.0f exemplars a step; the cache refresh at each epoch start takes %.1f s (in s/epoch)",
                    exemplar.spec().exemplarsPerStep(train.size()), train.size(), 100 * share, parts, union, extra);
        }
        return new Row(m.parameterCount(), sorted[0], sorted[WINDOWS / 2], cpuMs, extra, iwRate, share, gflop, retrievalGflop,
                union, parts, note);
    }
}

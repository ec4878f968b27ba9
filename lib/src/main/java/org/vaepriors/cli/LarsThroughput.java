package org.vaepriors.cli;

import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.engine.Profile;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.math.Estimate;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.runtime.BackendInfo;

/**
 * How fast LARS's Z is estimated, against what the machine's matrix multiply allows: the acceptance
 * network MLP[d-100-100-1] is a pure forward pass over proposal draws, so its rate should approach SGEMM's.
 * Prints acceptance evaluations per second, the GFLOP/s they amount to, and the SGEMM rate of
 * {@code Nd4j.gemm} at the same shapes, for a batch of 65,536 draws ([65536, d] x [d, 100] and [65536, 100] x
 * [100, 100]) and for one of the passes the estimate runs them in ({@link ResampledPrior#ROWS_PER_PASS} rows).
 * Best of five repetitions; timings are printed, never asserted.
 */
final class LarsThroughput {
    private static final int ROWS = 1 << 16;
    private static final int REPEATS = 5;

    private LarsThroughput() {
    }

    static void main(String[] args) {
        long draws = args.length > 0 ? Long.parseLong(args[0]) : 1L << 22;
        int d = 40;
        System.out.println("backend: " + BackendInfo.current() + "; threads: " + Nd4j.getEnvironment().maxThreads());
        // the products of a batch, and of one of the passes the estimate makes them in; the faster of the two
        // for each shape is the rate to compare with
        double rateIn = 0;
        double rateHidden = 0;
        for (int rows : new int[]{ROWS, ResampledPrior.ROWS_PER_PASS}) {
            double in = sgemm(rows, d, 100);
            double hidden = sgemm(rows, 100, 100);
            rateIn = Math.max(rateIn, in);
            rateHidden = Math.max(rateHidden, hidden);
            System.out.printf(Locale.ROOT, "SGEMM [%d x %d] x [%d x 100]: %.1f GFLOP/s; [%d x 100] x [100 x 100]: %.1f GFLOP/s%n",
                    rows, d, d, in, rows, hidden);
        }
        // the network's two large products at those rates, as one rate: their FLOPs over the time they would take
        double sgemmRate = (d * 100 + 100 * 100) / (d * 100 / rateIn + 100 * 100 / rateHidden);

        ImageSet none = new ImageSet("benchmark", 28, 28, new float[28 * 28], new int[1]);
        ResampledPrior.Spec spec = ResampledPrior.Spec.paperDefaults();
        VaeModel<ResampledPrior> m = VaeModel.build(ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE), spec, none,
                DataType.FLOAT, 1);
        ResampledPrior prior = m.prior();
        prior.estimateNormalizer(ROWS, new SplittableRandom(0)); // warm-up
        double best = Double.MAX_VALUE;
        Estimate z = null;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            z = prior.estimateNormalizer(draws, new SplittableRandom(r));
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        double flopsPerEval = 2.0 * (d * 100 + 100 * 100 + 100);
        double rate = draws / best;
        System.out.printf(Locale.ROOT, "Z of an untrained MLP[100-100] on N(0, I), d = %d: %s%n", d, z);
        System.out.printf(Locale.ROOT, "Z estimate, %,d draws (antithetic pairs, sampling included): %.2f s, %.3g acceptance "
                + "evaluations/s = %.1f GFLOP/s of matrix multiply, %.0f%% of SGEMM at the same sizes (%.1f GFLOP/s for the "
                + "network's products at the rates above)%n", draws, best, rate, rate * flopsPerEval / 1e9,
                100 * rate * flopsPerEval / 1e9 / sgemmRate, sgemmRate);
        INDArray z0 = Nd4j.randn(DataType.FLOAT, ROWS, d);
        prior.acceptance(z0);
        double fwd = Double.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            prior.acceptance(z0);
            fwd = Math.min(fwd, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "acceptance forward pass alone, %,d rows: %.3g evaluations/s = %.1f GFLOP/s%n", ROWS,
                ROWS / fwd, ROWS / fwd * flopsPerEval / 1e9);
        if (Profile.enabled()) {
            Profile.reset();
            for (int r = 0; r < REPEATS; r++) {
                prior.acceptance(z0);
            }
            System.out.print("forward pass of " + ROWS + " rows, op by op: " + Profile.summary(REPEATS, Profile.TOP));
        }
    }

    /** Best-of-five GFLOP/s of C = A B with A [m, k], B [k, n], float. */
    private static double sgemm(int m, int k, int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        return 2.0 * m * k * n / Benchmark.bestSecondsPerCall(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0)) / 1e9;
    }
}

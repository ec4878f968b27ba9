package org.vaepriors.engine;

import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.nn.HostArrays;

/**
 * Float ops of a plan computed in one Java pass over heap copies, bit for bit as libnd4j computes them:
 * <ul>
 *   <li>{@code ClipByValue} (hardtanh): {@code x > hi ? hi : x < lo ? lo : x}, so NaN stays NaN;</li>
 *   <li>its gradient, which SameDiff builds as six ops ({@code (float) (x > lo) * (float) (x < hi) * g}: two
 *       comparisons, two casts, two products), as one pass;</li>
 *   <li>{@code add_bp} of a bias row: the input's gradient is the incoming one, copied; the bias's is its sum
 *       over rows, which libnd4j accumulates row after row in float (one or two threads alike);</li>
 *   <li>{@code add} of a single value (the bias of a one-unit layer, LARS's acceptance logit): oneDNN's
 *       binary primitive takes its generic code for that broadcast, 30-50 us for [4096, 1] against 2 us;</li>
 *   <li>{@code reshape} of a c-order block: a copy, where libnd4j's op call cost 12-36 us for 4,096 floats.</li>
 * </ul>
 *
 * <p>Why: libnd4j runs each of these one element at a time, 2-4 ns per element plus an op call each. In the
 * VAE's VampPrior step the clip of the [500, 784] pseudo-inputs and its gradient took 3.1 ms, the bias
 * gradients 1.9 ms, of 37 ms of replayed ops. The values cannot differ: a clip, a product by 0 or 1, a
 * sum in the same order, one float addition per element and a copy are exact operations ({@code HeapOpsTest}
 * checks them against libnd4j, with NaN, signed zeros, infinities and the bounds themselves).
 */
final class HeapOps {
    private HeapOps() {
    }

    /**
     * @return the clip as a step, or null unless it is a float clip whose bounds are floats (the comparison
     * is then the same in float as libnd4j's in double)
     */
    static Step clip(INDArray x, INDArray out, double[] bounds) {
        if (bounds.length != 2 || !blocks(x, out) || !sameShape(x, out) || !isFloat(bounds[0]) || !isFloat(bounds[1])) {
            return null;
        }
        float lo = (float) bounds[0];
        float hi = (float) bounds[1];
        float[] v = new float[(int) x.length()];
        return Step.of(() -> {
            HostArrays.read(x, v);
            for (int i = 0; i < v.length; i++) {
                float a = v[i];
                v[i] = a > hi ? hi : a < lo ? lo : a;
            }
            HostArrays.write(v, out);
        });
    }

    /**
     * The gradient of a clip to [lo, hi]: g where lo &lt; x &lt; hi, else 0 * g (so -0 for negative g and NaN
     * for an infinite one, as the products give).
     *
     * @return the step, or null unless every array is a float block of one shape and the bounds are floats
     */
    static Step clipGradient(INDArray x, INDArray g, INDArray out, double lo, double hi) {
        if (!blocks(x, g, out) || !sameShape(x, g) || !sameShape(x, out) || !isFloat(lo) || !isFloat(hi)) {
            return null;
        }
        float l = (float) lo;
        float h = (float) hi;
        float[] xs = new float[(int) x.length()];
        float[] gs = new float[xs.length];
        return Step.of(() -> {
            HostArrays.read(x, xs);
            HostArrays.read(g, gs);
            for (int i = 0; i < xs.length; i++) {
                float a = xs[i];
                gs[i] = (a > l && a < h ? 1f : 0f) * gs[i];
            }
            HostArrays.write(gs, out);
        });
    }

    /**
     * {@code a + b} for b a single value, a and the output of one shape: each element's float sum, as any
     * implementation of the op forms it.
     *
     * @return the step, or null for any other shapes or types
     */
    static Step addValue(List<INDArray> in, INDArray out) {
        if (in.size() != 2 || !blocks(in.get(0), in.get(1), out) || in.get(1).length() != 1 || !sameShape(in.get(0), out)) {
            return null;
        }
        INDArray a = in.get(0);
        INDArray b = in.get(1);
        float[] v = new float[(int) a.length()];
        float[] c = new float[1];
        return Step.of(() -> {
            HostArrays.read(a, v);
            HostArrays.read(b, c);
            float value = c[0];
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] + value;
            }
            HostArrays.write(v, out);
        });
    }

    /**
     * A reshape in c order of a c-order block: the same values in the same order, copied.
     *
     * @param iArgs the op's integer arguments (an order of -'f' is not a copy)
     * @return the step, or null for any other case
     */
    static Step reshape(INDArray x, INDArray out, long[] iArgs) {
        for (long a : iArgs) {
            if (a == -'f') {
                return null;
            }
        }
        if (!blocks(x, out) || x.length() != out.length()) {
            return null;
        }
        Pointer from = x.data().pointer();
        Pointer to = out.data().pointer();
        long bytes = 4L * x.length();
        return Step.of(() -> Pointer.memcpy(to, from, bytes));
    }

    /**
     * {@code add_bp(x, b, g)} for x and g of shape [R, C] and a bias b of C values.
     *
     * @return the step, or null for any other shapes or types
     */
    static Step biasAddGradient(List<INDArray> in, List<INDArray> out) {
        if (in.size() != 3 || out.size() != 2) {
            return null;
        }
        INDArray x = in.get(0);
        INDArray b = in.get(1);
        INDArray g = in.get(2);
        INDArray dx = out.get(0);
        INDArray db = out.get(1);
        if (!blocks(x, b, g, dx, db) || x.rank() != 2 || !sameShape(x, g) || !sameShape(x, dx) || !sameShape(b, db)
                || b.length() != x.size(1) || !(b.rank() == 1 || b.rank() == 2 && b.size(0) == 1)
                || x.size(0) < 2 || x.size(1) < 2) {
            return null; // one row: libnd4j copies g (keeping -0); one column: it sums b as a scalar, in another order
        }
        int cols = (int) x.size(1);
        float[] gs = new float[(int) g.length()];
        float[] sums = new float[cols];
        return Step.of(() -> {
            HostArrays.read(g, gs);
            HostArrays.write(gs, dx);
            columnSums(gs, sums);
            HostArrays.write(sums, db);
        });
    }

    /**
     * The sum of each column, each accumulated from the first row to the last: four rows per pass, so that
     * the JIT's vector loop loads and stores the sums a quarter as often (three times faster), in the same
     * order of additions.
     */
    private static void columnSums(float[] m, float[] sums) {
        int cols = sums.length;
        java.util.Arrays.fill(sums, 0f);
        int base = 0;
        for (; base + 4 * cols <= m.length; base += 4 * cols) {
            addFourRows(m, base, sums);
        }
        for (; base < m.length; base += cols) {
            addRow(m, base, sums);
        }
    }

    private static void addFourRows(float[] m, int base, float[] sums) {
        int cols = sums.length;
        int r1 = base + cols;
        int r2 = r1 + cols;
        int r3 = r2 + cols;
        for (int c = 0; c < cols; c++) {
            sums[c] = sums[c] + m[base + c] + m[r1 + c] + m[r2 + c] + m[r3 + c];
        }
    }

    private static void addRow(float[] m, int base, float[] sums) {
        for (int c = 0; c < sums.length; c++) {
            sums[c] += m[base + c];
        }
    }

    private static boolean blocks(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!HostArrays.isBlock(a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameShape(INDArray a, INDArray b) {
        return java.util.Arrays.equals(a.shape(), b.shape());
    }

    private static boolean isFloat(double v) {
        return (double) (float) v == v;
    }
}

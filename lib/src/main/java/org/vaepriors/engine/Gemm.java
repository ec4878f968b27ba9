package org.vaepriors.engine;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;

import java.util.List;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A plan's float matrix products and their gradients through oneDNN's sgemm, bound once to the plan's
 * arrays.
 *
 * <p>Why: on this machine's shapes oneDNN's AVX-512 sgemm is 1.0-1.7x faster than OpenBLAS 0.3.19's
 * SkylakeX kernels (a [100, 784] x [784, 300] product: 328 us against 464 us; [100, 300] x [300, 784]: 299
 * against 505), with the same results on the inputs measured; the products are most of every step.
 * And where SameDiff's {@code matmul_bp} computes both gradients, the plan forms only the weights' when
 * nothing reads the input's: for every layer applied to data (the images, the Exemplar prior's retrieved
 * exemplars) that gradient was computed and thrown away, 2 x 100 x 784 x 300 multiply-adds per layer and
 * batch. Double products (gradient checks) keep libnd4j's ops.
 */
final class Gemm {
    private Gemm() {
    }

    /**
     * @param opName      {@code matmul} or {@code matmul_bp}
     * @param inputs      A, B (and dC for the gradient)
     * @param outputs     C (or dA, dB)
     * @param iArgs       the transpose flags
     * @param tArgs       alpha, beta, if given
     * @param inputUnread for the gradient: nothing reads dA
     * @return the step, or null if the op is not a float product of c-order matrices this handles
     */
    static Step of(String opName, List<INDArray> inputs, List<INDArray> outputs, long[] iArgs, double[] tArgs,
                   boolean inputUnread) {
        boolean grad = "matmul_bp".equals(opName);
        if (!grad && !"matmul".equals(opName)) {
            return null;
        }
        if (tArgs.length > 0 && !(tArgs.length == 2 && tArgs[0] == 1 && tArgs[1] == 0)) {
            return null;
        }
        boolean ta = iArgs.length > 0 && iArgs[0] != 0;
        boolean tb = iArgs.length > 1 && iArgs[1] != 0;
        if (iArgs.length > 2 && iArgs[2] != 0 || grad && (ta || tb)) {
            return null;
        }
        if (inputs.size() != (grad ? 3 : 2) || outputs.size() != (grad ? 2 : 1)) {
            return null;
        }
        for (INDArray m : inputs) {
            if (!plain(m)) {
                return null;
            }
        }
        for (INDArray m : outputs) {
            if (!plain(m)) {
                return null;
            }
        }
        INDArray a = inputs.get(0);
        INDArray b = inputs.get(1);
        long m = ta ? a.size(1) : a.size(0);
        long k = ta ? a.size(0) : a.size(1);
        long n = tb ? b.size(0) : b.size(1);
        if ((tb ? b.size(1) : b.size(0)) != k) {
            return null;
        }
        FloatPointer pa = ptr(a);
        FloatPointer pb = ptr(b);
        if (!grad) {
            INDArray c = outputs.get(0);
            if (c.size(0) != m || c.size(1) != n) {
                return null;
            }
            FloatPointer pc = ptr(c);
            byte opA = (byte) (ta ? 'T' : 'N');
            byte opB = (byte) (tb ? 'T' : 'N');
            return Step.of(() -> {
                check(dnnl_sgemm(opA, opB, m, n, k, 1f, pa, a.size(1), pb, b.size(1), 0f, pc, n));
                ProductFlops.add(m, n, k);
            });
        }
        INDArray dc = inputs.get(2);
        INDArray da = outputs.get(0);
        INDArray db = outputs.get(1);
        if (dc.size(0) != m || dc.size(1) != n || da.size(0) != m || da.size(1) != k || db.size(0) != k || db.size(1) != n) {
            return null;
        }
        FloatPointer pdc = ptr(dc);
        FloatPointer pda = ptr(da);
        FloatPointer pdb = ptr(db);
        return Step.of(() -> {
            if (!inputUnread) {
                check(dnnl_sgemm((byte) 'N', (byte) 'T', m, k, n, 1f, pdc, n, pb, n, 0f, pda, k)); // dA = dC B^T
                ProductFlops.add(m, k, n);
            }
            check(dnnl_sgemm((byte) 'T', (byte) 'N', k, n, m, 1f, pa, k, pdc, n, 0f, pdb, n));     // dB = A^T dC
            ProductFlops.add(k, n, m);
        });
    }

    private static boolean plain(INDArray a) {
        return a.rank() == 2 && a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.offset() == 0
                && a.data().length() == a.length() && a.length() > 0 && a.stride(1) == 1 && a.stride(0) == a.size(1);
    }

    private static FloatPointer ptr(INDArray a) {
        return (FloatPointer) a.data().pointer();
    }

    private static void check(int status) {
        if (status != 0) {
            throw new IllegalStateException("oneDNN sgemm failed with status " + status);
        }
    }
}

package org.vaepriors.engine;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient of a product C = A B with respect to B alone, dB = A^T dC, as one GEMM, where SameDiff's
 * {@code matmul_bp} computes dA as well: the plan uses it when nothing reads dA. That is the case for every
 * layer applied to data (the images x, the Exemplar prior's retrieved exemplars): their gradient was
 * computed and thrown away, 2 x 100 x 784 x 300 multiply-adds per layer and batch (about a third of the
 * Exemplar prior's encoder backward pass). Float only, so double graphs stay bitwise SameDiff's.
 */
final class WeightGradient {
    private WeightGradient() {
    }

    /**
     * @param inputs  {@code matmul_bp}'s inputs: A, B, dC
     * @param outputs its outputs: dA (unread), dB
     * @param iArgs   its transpose flags (only the plain product is handled)
     * @return the step, or null if the op is not a plain float product of matrices
     */
    static Step of(List<INDArray> inputs, List<INDArray> outputs, long[] iArgs) {
        for (long t : iArgs) {
            if (t != 0) {
                return null;
            }
        }
        if (inputs.size() != 3 || outputs.size() != 2) {
            return null;
        }
        INDArray a = inputs.get(0);
        INDArray dc = inputs.get(2);
        INDArray db = outputs.get(1);
        for (INDArray m : new INDArray[]{a, dc, db}) {
            if (m.rank() != 2 || m.dataType() != DataType.FLOAT || m.ordering() != 'c' || m.isView()) {
                return null;
            }
        }
        if (a.size(0) != dc.size(0) || db.size(0) != a.size(1) || db.size(1) != dc.size(1)) {
            return null;
        }
        return new Step() {
            @Override
            public void run() {
                Nd4j.gemm(a, dc, db, true, false, 1.0, 0.0);
            }

            @Override
            public void close() {
            }
        };
    }
}

package org.vaepriors.engine;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Records every op SameDiff executes in one call, in execution order, with what its session gave the op:
 * the arguments, the input arrays and the output types and shapes. Inputs that are not graph variables (e.g. the
 * dimensions a session passes to a reduction) are copied, since the session recycles its arrays.
 */
final class Trace extends BaseListener {

    /**
     * One executed op.
     *
     * @param op       the op
     * @param inputs   what the session passed, in order (a copy for extra inputs, the array otherwise)
     * @param outputs  the outputs' types and shapes (a null entry for an output the op did not produce)
     * @param iArgs    integer arguments
     * @param tArgs    floating-point arguments
     * @param bArgs    boolean arguments
     * @param dArgs    data-type arguments
     */
    record Executed(SameDiffOp op, List<INDArray> inputs, List<Output> outputs, long[] iArgs, double[] tArgs,
                    boolean[] bArgs, DataType[] dArgs) {
    }

    /**
     * An op output's type and shape: the plan allocates its own arrays.
     *
     * @param type  the data type
     * @param shape the shape ([] for a scalar)
     */
    record Output(DataType type, long[] shape) {
    }

    private final List<Executed> executed = new ArrayList<>();

    List<Executed> executed() {
        return executed;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
        List<INDArray> in = new ArrayList<>();
        long[] i = new long[0];
        double[] t = new double[0];
        boolean[] b = new boolean[0];
        DataType[] d = new DataType[0];
        if (ctx != null) {
            List<INDArray> given = ctx.getInputArrays();
            int named = op.getInputsToOp() == null ? 0 : op.getInputsToOp().size();
            for (int j = 0; j < given.size(); j++) {
                INDArray a = given.get(j);
                in.add(j < named || a == null ? a : a.dup());
            }
            i = ctx.getIArguments().stream().mapToLong(Long::longValue).toArray();
            t = ctx.getTArguments().stream().mapToDouble(Double::doubleValue).toArray();
            List<Boolean> bl = ctx.getBArguments();
            b = new boolean[bl.size()];
            for (int j = 0; j < b.length; j++) {
                b[j] = bl.get(j);
            }
            d = ctx.getDArguments().toArray(new DataType[0]);
        }
        List<Output> out = new ArrayList<>();
        for (INDArray o : outputs) {
            out.add(o == null ? null : new Output(o.dataType(), o.shape()));
        }
        executed.add(new Executed(op, in, out, i, t, b, d));
    }
}

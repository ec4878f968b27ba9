package org.vaepriors.engine;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ab;
import static org.bytedeco.dnnl.global.dnnl.dnnl_abc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_abcd;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_add;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_div;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_mul;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_sub;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward_data;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_exp;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_logistic;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_soft_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_tanh;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reduction_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reduction_max;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_reduction_desc_t;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elementwise ops of a plan as oneDNN primitives bound once to the plan's float arrays: sigmoid, tanh,
 * softplus, exp and the gradients of the first three (eltwise), the maximum along rows (reduction), and add,
 * subtract, multiply and divide with broadcasting of the second operand, e.g. a bias row (binary), and the
 * gradient of a product of two operands of one shape (two binary products).
 *
 * <p>Why: libnd4j M2.1 evaluates these one element at a time, 4-11 ns per element on this machine;
 * oneDNN's JIT kernels take 0.3-0.6 ns (tanh on 6.5M floats: 3.8 ms against 72 ms; sigmoid on [100, 300]:
 * 22 us against 206 us), within one float ulp of libnd4j's values. oneDNN is the library ND4J's
 * {@code -onednn} builds already load (its convolutions); here it is called directly, through JavaCPP's
 * bindings. The binary ops are memory-bound; libnd4j's broadcasting versions took 0.6-1 ns per element (a
 * bias added to [65536, 100]: 4 ms). Double arrays (gradient checks) keep libnd4j's ops: oneDNN's eltwise
 * is float only.
 */
final class Eltwise {
    private static final Map<String, Integer> FORWARD = Map.of("sigmoid", dnnl_eltwise_logistic, "tanh", dnnl_eltwise_tanh,
            "softplus", dnnl_eltwise_soft_relu, "exp", dnnl_eltwise_exp);
    private static final Map<String, Integer> BACKWARD = Map.of("sigmoid_bp", dnnl_eltwise_logistic,
            "tanh_bp", dnnl_eltwise_tanh, "softplus_bp", dnnl_eltwise_soft_relu);
    private static final Map<String, Integer> BINARY = Map.of("add", dnnl_binary_add, "subtract", dnnl_binary_sub,
            "multiply", dnnl_binary_mul, "divide", dnnl_binary_div);
    private static dnnl_engine engine;
    private static dnnl_stream stream;

    private Eltwise() {
    }

    /**
     * @param opName  the op's name
     * @param inputs  its inputs (x, or x and the gradient of its output for a gradient op)
     * @param outputs its outputs
     * @return the op as a oneDNN primitive, or null if it is not one of these or its arrays do not fit
     */
    static Step of(String opName, List<INDArray> inputs, List<INDArray> outputs) {
        if (BINARY.containsKey(opName)) {
            return binary(BINARY.get(opName), inputs, outputs);
        }
        if ("reduce_max".equals(opName)) {
            return rowMax(inputs, outputs);
        }
        if ("multiply_bp".equals(opName)) {
            return productGradient(inputs, outputs);
        }
        Integer fwd = FORWARD.get(opName);
        Integer bwd = BACKWARD.get(opName);
        if (fwd == null && bwd == null || outputs.size() != 1 || inputs.size() != (fwd != null ? 1 : 2)) {
            return null;
        }
        List<INDArray> all = new ArrayList<>(inputs);
        all.add(outputs.get(0));
        for (INDArray a : all) {
            if (!dense(a) || a.length() != outputs.get(0).length()) {
                return null;
            }
        }
        try {
            return fwd != null ? forward(fwd, inputs.get(0), outputs.get(0))
                    : backward(bwd, inputs.get(0), inputs.get(1), outputs.get(0));
        } catch (LinkageError | RuntimeException e) {
            return null; // no oneDNN bindings here (another native build): libnd4j's op stays
        }
    }

    /** c = a op b, b broadcast along its size-1 (or missing leading) dimensions; a has c's shape. */
    private static Step binary(int alg, List<INDArray> inputs, List<INDArray> outputs) {
        if (inputs.size() != 2 || outputs.size() != 1) {
            return null;
        }
        INDArray a = inputs.get(0);
        INDArray b = inputs.get(1);
        INDArray c = outputs.get(0);
        if ((alg == dnnl_binary_add || alg == dnnl_binary_mul) && !java.util.Arrays.equals(a.shape(), c.shape())) {
            INDArray t = a; // commutative: the full-size operand first
            a = b;
            b = t;
        }
        long[] dims = c.shape();
        int rank = dims.length;
        if (rank < 1 || rank > 4 || !java.util.Arrays.equals(a.shape(), dims) || b.rank() > rank
                || !dense(a) || !dense(b) || !dense(c)) {
            return null;
        }
        long[] bd = new long[rank];
        for (int i = 0; i < rank; i++) {
            int j = i - (rank - b.rank());
            bd[i] = j < 0 ? 1 : b.size(j);
            if (bd[i] != 1 && bd[i] != dims[i]) {
                return null;
            }
        }
        try {
            init();
            int tag = rank == 1 ? dnnl_a : rank == 2 ? dnnl_ab : rank == 3 ? dnnl_abc : dnnl_abcd;
            dnnl_memory_desc_t full = new dnnl_memory_desc_t();
            check(dnnl_memory_desc_init_by_tag(full, rank, dims, dnnl_f32, tag), "memory descriptor");
            dnnl_memory_desc_t small = new dnnl_memory_desc_t();
            check(dnnl_memory_desc_init_by_tag(small, rank, bd, dnnl_f32, tag), "memory descriptor");
            dnnl_binary_desc_t d = new dnnl_binary_desc_t();
            check(dnnl_binary_desc_init(d, alg, full, small, full), "binary descriptor");
            PointerPointer<Pointer> pp = new PointerPointer<>(1L);
            check(dnnl_primitive_desc_create(pp, new const_dnnl_op_desc_t(d), null, engine, null), "binary primitive");
            return bound(new dnnl_primitive_desc(pp.get(0)), new dnnl_memory_desc_t[]{full, small, full},
                    new int[]{DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST}, new INDArray[]{a, b, c}, null);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * The gradient of {@code x * y} for operands of one shape: {@code dx = g * y} and {@code dy = g * x}, two
     * binary products (libnd4j's {@code multiply_bp} forms the same products, one element at a time).
     */
    private static Step productGradient(List<INDArray> inputs, List<INDArray> outputs) {
        if (inputs.size() != 3 || outputs.size() != 2) {
            return null;
        }
        long[] shape = inputs.get(2).shape();
        for (INDArray a : List.of(inputs.get(0), inputs.get(1), outputs.get(0), outputs.get(1))) {
            if (!java.util.Arrays.equals(a.shape(), shape)) {
                return null;
            }
        }
        Step dx = binary(dnnl_binary_mul, List.of(inputs.get(2), inputs.get(1)), List.of(outputs.get(0)));
        Step dy = dx == null ? null : binary(dnnl_binary_mul, List.of(inputs.get(2), inputs.get(0)), List.of(outputs.get(1)));
        if (dy == null) {
            if (dx != null) {
                dx.close();
            }
            return null;
        }
        return new Step() {
            @Override
            public void run() {
                dx.run();
                dy.run();
            }

            @Override
            public void close() {
                dx.close();
                dy.close();
            }
        };
    }

    /**
     * The maximum of each row of a [B, K] matrix ({@code reduce_max} along dimension 1): a log-sum-exp's shift.
     * libnd4j took 1.5 ns per element, 12 ms of a 52 ms pass of the Exemplar prior's exact evaluation ([167,
     * 50,000]). A maximum is exact in any order, so finite rows get the same value. Rows holding NaN may get
     * another value than libnd4j's, but their log-sum-exp is not finite in either (oneDNN's exp, above, already
     * takes NaN to infinity where libnd4j keeps NaN; the NaN checks test for finiteness).
     */
    private static Step rowMax(List<INDArray> inputs, List<INDArray> outputs) {
        if (inputs.isEmpty() || inputs.size() > 2 || outputs.size() != 1) {
            return null;
        }
        INDArray x = inputs.get(0);
        INDArray y = outputs.get(0);
        if (x.rank() != 2 || x.size(0) == x.size(1) || y.length() != x.size(0) || !dense(x) || !dense(y)
                || inputs.size() == 2 && !(inputs.get(1).length() == 1 && inputs.get(1).getInt(0) == 1)) {
            return null; // only along dimension 1, which the shapes (and a dimension argument, if any) must show
        }
        try {
            init();
            long[] src = x.shape();
            long[] dst = {src[0], 1};
            dnnl_memory_desc_t in = new dnnl_memory_desc_t();
            check(dnnl_memory_desc_init_by_tag(in, 2, src, dnnl_f32, dnnl_ab), "memory descriptor");
            dnnl_memory_desc_t out = new dnnl_memory_desc_t();
            check(dnnl_memory_desc_init_by_tag(out, 2, dst, dnnl_f32, dnnl_ab), "memory descriptor");
            dnnl_reduction_desc_t d = new dnnl_reduction_desc_t();
            check(dnnl_reduction_desc_init(d, dnnl_reduction_max, in, out, 0f, 0f), "reduction descriptor");
            PointerPointer<Pointer> pp = new PointerPointer<>(1L);
            check(dnnl_primitive_desc_create(pp, new const_dnnl_op_desc_t(d), null, engine, null), "reduction primitive");
            return bound(new dnnl_primitive_desc(pp.get(0)), new dnnl_memory_desc_t[]{in, out},
                    new int[]{DNNL_ARG_SRC, DNNL_ARG_DST}, new INDArray[]{x, y}, null);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.offset() == 0 && a.length() > 0
                && a.data().length() == a.length() && (a.length() == 1 || a.elementWiseStride() == 1);
    }

    private static synchronized void init() {
        if (engine == null) {
            PointerPointer<Pointer> pp = new PointerPointer<>(1L);
            check(dnnl_engine_create(pp, dnnl_cpu, 0), "engine");
            dnnl_engine e = new dnnl_engine(pp.get(0));
            check(dnnl_stream_create(pp, e, dnnl_stream_default_flags), "stream");
            stream = new dnnl_stream(pp.get(0));
            engine = e;
        }
    }

    private static dnnl_memory_desc_t desc(long n) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, 1, new long[]{n}, dnnl_f32, dnnl_a), "memory descriptor");
        return md;
    }

    private static dnnl_primitive_desc forwardDesc(int alg, dnnl_memory_desc_t md) {
        dnnl_eltwise_desc_t d = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_forward_desc_init(d, dnnl_forward_training, alg, md, 0f, 0f), "eltwise descriptor");
        PointerPointer<Pointer> pp = new PointerPointer<>(1L);
        check(dnnl_primitive_desc_create(pp, new const_dnnl_op_desc_t(d), null, engine, null), "eltwise primitive");
        return new dnnl_primitive_desc(pp.get(0));
    }

    private static Step forward(int alg, INDArray x, INDArray y) {
        init();
        dnnl_memory_desc_t md = desc(y.length());
        dnnl_primitive_desc pd = forwardDesc(alg, md);
        return bound(pd, new dnnl_memory_desc_t[]{md, md}, new int[]{DNNL_ARG_SRC, DNNL_ARG_DST}, new INDArray[]{x, y}, null);
    }

    private static Step backward(int alg, INDArray x, INDArray dy, INDArray dx) {
        init();
        dnnl_memory_desc_t md = desc(dx.length());
        dnnl_primitive_desc hint = forwardDesc(alg, md);
        dnnl_eltwise_desc_t d = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_backward_desc_init(d, alg, md, md, 0f, 0f), "eltwise gradient descriptor");
        PointerPointer<Pointer> pp = new PointerPointer<>(1L);
        check(dnnl_primitive_desc_create(pp, new const_dnnl_op_desc_t(d), null, engine, hint), "eltwise gradient primitive");
        return bound(new dnnl_primitive_desc(pp.get(0)), new dnnl_memory_desc_t[]{md, md, md},
                new int[]{DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC},
                new INDArray[]{x, dy, dx}, hint);
    }

    private static Step bound(dnnl_primitive_desc pd, dnnl_memory_desc_t[] md, int[] roles, INDArray[] arrays,
                              dnnl_primitive_desc hint) {
        PointerPointer<Pointer> pp = new PointerPointer<>(1L);
        check(dnnl_primitive_create(pp, pd), "primitive");
        dnnl_primitive prim = new dnnl_primitive(pp.get(0));
        dnnl_exec_arg_t args = new dnnl_exec_arg_t(roles.length);
        dnnl_memory[] mems = new dnnl_memory[roles.length];
        for (int i = 0; i < roles.length; i++) {
            check(dnnl_memory_create(pp, md[i], engine, arrays[i].data().pointer()), "memory");
            mems[i] = new dnnl_memory(pp.get(0));
            args.position(i).arg(roles[i]).memory(mems[i]);
        }
        args.position(0);
        return new Step() {
            @Override
            public void run() {
                check(dnnl_primitive_execute(prim, stream, roles.length, args), "execution");
            }

            @Override
            public void close() {
                dnnl_primitive_destroy(prim);
                for (dnnl_memory m : mems) {
                    dnnl_memory_destroy(m);
                }
                dnnl_primitive_desc_destroy(pd);
                if (hint != null) {
                    dnnl_primitive_desc_destroy(hint);
                }
                args.close();
            }
        };
    }

    private static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
        }
    }
}

package org.vaepriors.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A traced call made replayable: the ops in the order SameDiff ran them, each with an op context built
 * once (arguments, input arrays, output arrays), and the arrays themselves: one buffer per placeholder,
 * op outputs sharing arrays where their values do not overlap in time ({@link Buffers}), the graph's own
 * parameter arrays (updated in place by the optimiser). Running it
 * copies the fed placeholders into their buffers and executes the ops; nothing is allocated. Ops whose
 * results nobody reads are left out. Float products and their gradients run through oneDNN's sgemm, the
 * weights' gradient alone when nothing reads the input's ({@link Gemm}). Float
 * sigmoid, tanh, softplus and exp ops (and the gradients of the first three) run as oneDNN primitives
 * ({@link Eltwise}): the same functions, to within a float ulp, 10-20x faster than libnd4j's. Float clips,
 * their gradients (six ops in SameDiff), bias gradients, adds of a single value and reshapes run in one Java
 * pass each ({@link HeapOps}), bit for bit.
 */
final class Plan {
    private final Map<String, INDArray> placeholders = new LinkedHashMap<>();
    private final Map<String, INDArray> values = new HashMap<>();
    private final Map<String, INDArray> parameters = new HashMap<>();
    private final Map<String, SameDiff> owners = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final java.util.Set<Step> oneDnnSteps = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int heapSteps;
    private long outputBytes;
    private long arrayBytes;

    /**
     * @param trace  what SameDiff executed
     * @param wanted the variables the caller reads (outputs, gradients)
     * @throws UnsupportedOperationException if an op cannot be replayed (the caller keeps SameDiff for it)
     */
    Plan(Trace trace, java.util.Set<String> wanted) {
        // liveness, backwards from what the caller reads: SameDiff also runs ops whose results nobody reads
        // (the gradients of placeholders such as the images, summed over the layers that read them)
        List<Trace.Executed> executed = trace.executed();
        java.util.Set<String> read = new java.util.HashSet<>(wanted);
        boolean[] live = new boolean[executed.size()];
        for (int i = executed.size() - 1; i >= 0; i--) {
            Trace.Executed e = executed.get(i);
            live[i] = e.op().getOutputsOfOp().stream().anyMatch(read::contains);
            if (live[i] && e.op().getInputsToOp() != null) {
                read.addAll(e.op().getInputsToOp());
            }
        }
        Map<Integer, ClipGradient> clipGradients = clipGradients(executed, live, wanted);
        Buffers buffers = new Buffers(executed, live, wanted, clipGradients);
        Map<Integer, Step> built = new HashMap<>();
        for (int i = 0; i < executed.size(); i++) {
            if (live[i]) {
                plan(executed.get(i), i, read, clipGradients.get(i), built, buffers);
            }
            buffers.release(i);
        }
        outputBytes = buffers.outputBytes;
        arrayBytes = buffers.allocatedBytes;
    }

    /** Adds the steps of op {@code i} (none for an identity, which shares its input's array). */
    private void plan(Trace.Executed e, int i, java.util.Set<String> read, ClipGradient clip, Map<Integer, Step> built,
                      Buffers buffers) {
        DifferentialFunction op = e.op().getOp();
        List<String> inNames = e.op().getInputsToOp() == null ? List.of() : e.op().getInputsToOp();
        List<String> outNames = e.op().getOutputsOfOp();
        if (op instanceof Identity) {
            // the session passes its input on as its output; so does the plan
            INDArray a = resolve(op.getSameDiff(), inNames.get(0), null);
            values.put(outNames.get(0), a);
            buffers.bind(outNames.get(0), a);
            return;
        }
        if (op instanceof GradientBackwardsMarker) {
            // the seed of backpropagation, d loss / d loss = 1, set once: its array is never reused
            Trace.Output o = e.outputs().get(0);
            values.put(outNames.get(0), Nd4j.createUninitialized(o.type(), o.shape(), 'c').assign(1));
            return;
        }
        if (!(op instanceof CustomOp) && !(op instanceof Op)) {
            throw new UnsupportedOperationException("op " + op.opName() + " (" + op.getClass().getSimpleName() + ")");
        }
        List<INDArray> in = new ArrayList<>();
        for (int j = 0; j < e.inputs().size(); j++) {
            in.add(j < inNames.size() ? resolve(op.getSameDiff(), inNames.get(j), e.inputs().get(j)) : e.inputs().get(j));
        }
        List<INDArray> out = new ArrayList<>();
        for (int j = 0; j < e.outputs().size(); j++) {
            if (e.outputs().get(j) == null) {
                throw new UnsupportedOperationException("op " + op.opName() + " without output " + j);
            }
            INDArray a = buffers.take(e.outputs().get(j), outNames.get(j), i);
            out.add(a);
            values.put(outNames.get(j), a);
        }
        String label = op.opName() + java.util.Arrays.toString(out.get(0).shape());
        Step heap = heap(op.opName(), in, out, e, clip);
        if (heap != null) {
            if (clip != null) { // the chain's five other ops, already planned, are not needed
                for (int part : clip.parts()) {
                    Step s = java.util.Objects.requireNonNull(built.remove(part), "a clip gradient's part was not planned");
                    steps.remove(s);
                    oneDnnSteps.remove(s);
                    s.close();
                }
            }
            steps.add(Profile.wrap(heap, "heap " + (clip != null ? "clip gradient" + java.util.Arrays.toString(out.get(0).shape()) : label)));
            heapSteps++;
            return;
        }
        boolean inputUnread = "matmul_bp".equals(op.opName()) && !read.contains(outNames.get(0));
        Step fast = oneDnn(op.opName(), in, out, e, inputUnread);
        if (fast != null) {
            steps.add(Profile.wrap(fast, "onednn " + (inputUnread ? "weights only " : "") + label));
            built.put(i, steps.get(steps.size() - 1));
            oneDnnSteps.add(steps.get(steps.size() - 1));
            return;
        }
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        ctx.setIArguments(e.iArgs());
        ctx.setTArguments(e.tArgs());
        ctx.setBArguments(e.bArgs());
        ctx.setDArguments(e.dArgs());
        ctx.setInputArrays(in);
        ctx.setOutputArrays(out);
        steps.add(Profile.wrap(nativeStep(op, ctx), label));
        built.put(i, steps.get(steps.size() - 1));
    }

    /**
     * The op outputs' arrays, reused: an array whose value no later op reads (and the caller does not) goes
     * back to a pool after its last reader, and the next output of its type and shape takes it. Ops run in
     * order, each writes all of its outputs without reading them first (a product's beta is 0: {@link Gemm}
     * takes no other), and an op never gets an array that one of its own inputs holds
     * (arrays are released after the op's outputs are taken), so the values are those of fresh arrays.
     *
     * <p>Why: a plan held an array per op output. An evaluation pass of the VAE with the VampPrior over 500
     * rows took 50 MB, most of it dead after the next op; a run keeps several plans.
     */
    private static final class Buffers {
        private final Map<String, Integer> lastRead = new HashMap<>();
        private final java.util.Set<String> wanted;
        private final Map<INDArray, Integer> releaseAt = new java.util.IdentityHashMap<>();
        private final Map<Integer, List<INDArray>> releases = new HashMap<>();
        private final Map<String, java.util.ArrayDeque<INDArray>> free = new HashMap<>();
        private long outputBytes;
        private long allocatedBytes;

        Buffers(List<Trace.Executed> executed, boolean[] live, java.util.Set<String> wanted, Map<Integer, ClipGradient> clips) {
            this.wanted = wanted;
            for (int i = 0; i < executed.size(); i++) {
                List<String> in = executed.get(i).op().getInputsToOp();
                if (live[i] && in != null) {
                    for (String n : in) {
                        lastRead.put(n, i);
                    }
                }
            }
            // a fused clip gradient reads x and g at its last product, after the comparisons it replaces
            clips.forEach((i, c) -> {
                lastRead.merge(c.x(), i, Math::max);
                lastRead.merge(c.g(), i, Math::max);
            });
        }

        /** An array for output {@code name} of op {@code i}: a released one of its type and shape, or a new one. */
        INDArray take(Trace.Output o, String name, int i) {
            java.util.ArrayDeque<INDArray> pool = free.get(key(o.type(), o.shape()));
            long bytes = o.type().width() * java.util.Arrays.stream(o.shape()).reduce(1, Math::multiplyExact);
            outputBytes += bytes;
            INDArray a;
            if (pool == null || pool.isEmpty()) {
                a = Nd4j.createUninitialized(o.type(), o.shape(), 'c');
                allocatedBytes += bytes;
            } else {
                a = pool.pop();
            }
            releaseAt.put(a, i);
            bind(name, a);
            return a;
        }

        /** Keeps array {@code a} (if it is one of the pool's) until the last reader of {@code name}. */
        void bind(String name, INDArray a) {
            Integer at = releaseAt.get(a);
            if (at == null) {
                return; // a parameter, a placeholder or a constant
            }
            int until = wanted.contains(name) ? Integer.MAX_VALUE : Math.max(at, lastRead.getOrDefault(name, at));
            releaseAt.put(a, until);
            releases.computeIfAbsent(until, k -> new ArrayList<>()).add(a);
        }

        /** Returns to the pool the arrays whose last reader is op {@code i}. */
        void release(int i) {
            List<INDArray> due = releases.remove(i);
            if (due == null) {
                return;
            }
            for (INDArray a : due) {
                if (releaseAt.get(a) == i) {
                    releaseAt.put(a, -1);
                    free.computeIfAbsent(key(a.dataType(), a.shape()), k -> new java.util.ArrayDeque<>()).push(a);
                }
            }
        }

        private static String key(DataType type, long[] shape) {
            return type + java.util.Arrays.toString(shape);
        }
    }

    /**
     * The gradient of a clip to [lo, hi] of x, as SameDiff builds it: {@code mask = (float) (x > lo) * (float)
     * (x < hi)}, then {@code mask * g}, the last product; {@code parts} are the five ops before it, whose
     * results only this chain reads.
     */
    private record ClipGradient(String x, String g, double lo, double hi, java.util.Set<Integer> parts) {
    }

    /**
     * Finds every clip gradient among the live ops, by its shape: a product whose one operand is a product
     * of two casts of the scalar comparisons {@code x > lo} and {@code x < hi}, each intermediate read once.
     *
     * @return the chains by the index of their last product
     */
    private static Map<Integer, ClipGradient> clipGradients(List<Trace.Executed> executed, boolean[] live,
                                                            java.util.Set<String> wanted) {
        Map<String, Integer> producer = new HashMap<>();
        Map<String, Integer> reads = new HashMap<>();
        for (int i = 0; i < executed.size(); i++) {
            if (!live[i]) {
                continue;
            }
            Trace.Executed e = executed.get(i);
            for (String n : e.op().getOutputsOfOp()) {
                producer.put(n, i);
            }
            if (e.op().getInputsToOp() != null) {
                e.op().getInputsToOp().forEach(n -> reads.merge(n, 1, Integer::sum));
            }
        }
        java.util.function.BiFunction<String, String, Integer> onlyReadBy = (name, opName) -> {
            Integer p = producer.get(name);
            boolean once = reads.getOrDefault(name, 0) == 1 && !wanted.contains(name);
            return p != null && once && opName.equals(executed.get(p).op().getOp().opName()) ? p : null;
        };
        Map<Integer, ClipGradient> found = new HashMap<>();
        for (int i = 0; i < executed.size(); i++) {
            Trace.Executed e = executed.get(i);
            List<String> in = e.op().getInputsToOp();
            if (!live[i] || !"multiply".equals(e.op().getOp().opName()) || in == null || in.size() != 2) {
                continue;
            }
            for (int m = 0; m < 2; m++) {
                Integer mask = onlyReadBy.apply(in.get(m), "multiply");
                List<String> casts = mask == null ? null : executed.get(mask).op().getInputsToOp();
                if (casts == null || casts.size() != 2) {
                    continue;
                }
                Integer castA = onlyReadBy.apply(casts.get(0), "cast");
                Integer castB = onlyReadBy.apply(casts.get(1), "cast");
                if (castA == null || castB == null) {
                    continue;
                }
                Integer gt = onlyReadBy.apply(executed.get(castA).op().getInputsToOp().get(0), "greaterthan_scalar");
                Integer lt = onlyReadBy.apply(executed.get(castB).op().getInputsToOp().get(0), "lessthan_scalar");
                if (gt == null || lt == null) { // the casts the other way round
                    gt = onlyReadBy.apply(executed.get(castB).op().getInputsToOp().get(0), "greaterthan_scalar");
                    lt = onlyReadBy.apply(executed.get(castA).op().getInputsToOp().get(0), "lessthan_scalar");
                }
                if (gt == null || lt == null) {
                    continue;
                }
                String x = executed.get(gt).op().getInputsToOp().get(0);
                if (!x.equals(executed.get(lt).op().getInputsToOp().get(0))) {
                    continue;
                }
                double lo = ((ScalarOp) executed.get(gt).op().getOp()).scalar().getDouble(0);
                double hi = ((ScalarOp) executed.get(lt).op().getOp()).scalar().getDouble(0);
                found.put(i, new ClipGradient(x, in.get(1 - m), lo, hi, java.util.Set.of(gt, lt, castA, castB, mask)));
                break;
            }
        }
        return found;
    }

    /** The op (or a clip gradient ending at it) in one Java pass ({@link HeapOps}), or null to keep it as it is. */
    private Step heap(String name, List<INDArray> in, List<INDArray> out, Trace.Executed e, ClipGradient clip) {
        if (clip != null) {
            INDArray x = values.getOrDefault(clip.x(), parameters.getOrDefault(clip.x(), placeholders.get(clip.x())));
            INDArray g = values.get(clip.g());
            return x == null || g == null ? null : HeapOps.clipGradient(x, g, out.get(0), clip.lo(), clip.hi());
        }
        return switch (name) {
            case "ClipByValue" -> in.size() == 1 ? HeapOps.clip(in.get(0), out.get(0), e.tArgs()) : null;
            case "add_bp" -> HeapOps.biasAddGradient(in, out);
            case "add" -> out.size() == 1 ? HeapOps.addValue(in, out.get(0)) : null;
            case "reshape" -> out.size() == 1 && !in.isEmpty() ? HeapOps.reshape(in.get(0), out.get(0), e.iArgs()) : null;
            default -> null;
        };
    }

    /** The op as oneDNN primitives (products, elementwise), or null to keep libnd4j's. */
    private static Step oneDnn(String name, List<INDArray> in, List<INDArray> out, Trace.Executed e, boolean inputUnread) {
        try {
            Step s = Gemm.of(name, in, out, e.iArgs(), e.tArgs(), inputUnread);
            return s != null ? s : Eltwise.of(name, in, out);
        } catch (LinkageError ex) {
            return null; // no oneDNN bindings here (another native build)
        }
    }

    /** libnd4j's op, as SameDiff's session runs it. */
    private static Step nativeStep(DifferentialFunction op, OpContext ctx) {
        OpExecutioner ex = Nd4j.getExecutioner();
        return new Step() {
            @Override
            public void run() {
                if (op instanceof CustomOp c) {
                    ex.exec(c, ctx);
                } else {
                    ex.exec((Op) op, ctx);
                }
            }

            @Override
            public void close() {
                try {
                    ctx.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot release an op context", e);
                }
            }
        };
    }

    /**
     * The array of a named input: a buffer of this plan, or the variable or constant of the op's graph
     * (SameDiff's gradient function shares the parameter arrays with the graph it differentiates).
     */
    private INDArray resolve(SameDiff sd, String name, INDArray traced) {
        INDArray v = values.get(name);
        if (v != null) {
            return v;
        }
        SDVariable var = sd.getVariable(name);
        VariableType type = var.getVariableType();
        if (type == VariableType.PLACEHOLDER) {
            INDArray buf = placeholders.get(name);
            if (buf == null) {
                if (traced == null) {
                    throw new UnsupportedOperationException("placeholder " + name + " passed on unexecuted");
                }
                buf = Nd4j.createUninitialized(traced.dataType(), traced.shape(), 'c');
                placeholders.put(name, buf);
            }
            return buf;
        }
        if (type == VariableType.VARIABLE || type == VariableType.CONSTANT) {
            INDArray a = sd.getArrForVarName(name);
            parameters.put(name, a);
            owners.put(name, sd);
            return a;
        }
        throw new UnsupportedOperationException("input " + name + " (" + type + ") is produced by no traced op");
    }

    /** @return true while every parameter and constant is still the array the plan was built on */
    boolean current() {
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            if (owners.get(e.getKey()).getArrForVarName(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the plan.
     *
     * @param feed the placeholders (shapes as traced; every placeholder the ops read)
     */
    void run(Map<String, INDArray> feed) {
        for (Map.Entry<String, INDArray> e : placeholders.entrySet()) {
            e.getValue().assign(feed.get(e.getKey()));
        }
        for (Step s : steps) {
            s.run();
        }
    }

    /** Releases the op contexts and oneDNN primitives; the plan must not run afterwards. */
    void close() {
        steps.forEach(Step::close);
        steps.clear();
    }

    /**
     * @param name a variable the plan was built to give the caller (an output or gradient it wanted)
     * @return its buffer (overwritten by the next run), or null if the plan does not compute it
     */
    INDArray value(String name) {
        return values.get(name);
    }

    /** @return the bytes of all op outputs of a run */
    long outputBytes() {
        return outputBytes;
    }

    /** @return the bytes of the arrays that hold them */
    long arrayBytes() {
        return arrayBytes;
    }

    /** @return the number of ops a run executes */
    int size() {
        return steps.size();
    }

    /** @return how many of them run in one Java pass ({@link HeapOps}) */
    int heapSteps() {
        return heapSteps;
    }

    /** @return how many of them run as oneDNN primitives ({@link Gemm}, {@link Eltwise}) */
    int substituted() {
        return oneDnnSteps.size();
    }
}

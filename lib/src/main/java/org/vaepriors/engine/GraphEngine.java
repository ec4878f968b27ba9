package org.vaepriors.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a SameDiff graph's forward passes and gradients as SameDiff does, faster when calls repeat: the
 * same calls as {@link SameDiff#output(Map, String...)} and
 * {@link SameDiff#calculateGradientsAndOutputs(Map, java.util.Collection, java.util.Collection)}, with the
 * same results.
 *
 * <p>Why: these models are small and their shapes fixed, so SameDiff's per-call work (a session that
 * orders the ops, tracks dependencies by name and allocates a fresh array per op output) costs as much as
 * the arithmetic (BENCHMARKS.md). A call whose outputs, trainable set and placeholder shapes were seen
 * before is traced once through SameDiff ({@link Trace}) and from then on replayed ({@link Plan}): the
 * same native ops with the same arguments, in the same order, into arrays made once. The first call of a
 * kind runs SameDiff plainly (shapes that never repeat, such as the Exemplar prior's retrieved sets, cost
 * nothing extra), the second traces it, later ones replay it. A plan is dropped when a parameter array
 * is replaced; a graph with an op the plan cannot replay keeps SameDiff for that call.
 *
 * <p>{@link #setEnabled(boolean)} (or {@code -Dvaepriors.engine=samediff}) turns replay off everywhere:
 * the plain SameDiff path, for comparisons.
 */
public final class GraphEngine {
    private static final int PLANS = 8;
    private static volatile boolean enabled = !"samediff".equalsIgnoreCase(System.getProperty("vaepriors.engine"));

    private final SameDiff sd;
    private final Map<String, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Plan> eldest) {
            if (size() > PLANS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 8 * PLANS;
        }
    };
    private final java.util.Set<String> unsupported = new java.util.HashSet<>();
    private final boolean traceFirstCall;
    private long replayed;

    /**
     * An engine that runs a call plainly the first time it is seen, traces it the second time and replays
     * it from then on.
     *
     * @param sd the graph
     */
    public GraphEngine(SameDiff sd) {
        this(sd, false);
    }

    private GraphEngine(SameDiff sd, boolean traceFirstCall) {
        this.sd = Objects.requireNonNull(sd, "sd");
        this.traceFirstCall = traceFirstCall;
    }

    /**
     * An engine that traces every new call at once and replays it from the second time on (for checks that
     * must run through the replay, such as the gradient checks).
     *
     * @param sd the graph
     * @return the engine
     */
    public static GraphEngine tracingFirstCall(SameDiff sd) {
        return new GraphEngine(sd, true);
    }

    /**
     * Turns replay on or off for every engine (off: every call is a plain SameDiff call).
     *
     * @param on true to replay repeated calls
     */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** @return whether repeated calls are replayed */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * The forward pass, as {@link SameDiff#output(Map, String...)}.
     *
     * @param feed    placeholder values
     * @param outputs variables to compute
     * @return the outputs, arrays owned by the caller
     */
    public Map<String, INDArray> output(Map<String, INDArray> feed, String... outputs) {
        String key = key("out", List.of(outputs), List.of(), feed);
        Plan plan = plan(key, feed, () -> sd.output(feed, outputs));
        if (plan == null) {
            return sd.output(feed, outputs);
        }
        plan.run(feed);
        replayed++;
        Map<String, INDArray> out = new HashMap<>();
        for (String name : outputs) {
            out.put(name, plan.value(name).dup());
        }
        return out;
    }

    /**
     * Outputs and gradients in one pass, as
     * {@link SameDiff#calculateGradientsAndOutputs(Map, java.util.Collection, java.util.Collection)}.
     *
     * @param feed      placeholder values
     * @param outputs   variables to compute
     * @param trainable the variables to differentiate the loss by
     * @return the outputs (owned by the caller) and the gradients by variable name; the gradient arrays are
     * the engine's own and are overwritten by its next call (the optimiser consumes them first)
     */
    public OutAndGrad gradientsAndOutputs(Map<String, INDArray> feed, List<String> outputs, List<String> trainable) {
        String key = key("grad", outputs, trainable, feed);
        Plan plan = plan(key, feed, () -> sd.calculateGradientsAndOutputs(feed, outputs, trainable));
        if (plan == null) {
            return sd.calculateGradientsAndOutputs(feed, outputs, trainable);
        }
        plan.run(feed);
        replayed++;
        Map<String, INDArray> out = new HashMap<>();
        for (String name : outputs) {
            out.put(name, plan.value(name).dup());
        }
        Map<String, INDArray> grads = new HashMap<>();
        for (String name : trainable) {
            SDVariable g = sd.getVariable(name).getGradient();
            INDArray a = g == null ? null : plan.value(g.name());
            if (a != null) {
                grads.put(name, a);
            }
        }
        return new OutAndGrad(out, grads);
    }

    /** @return the ops of the cached plans that run as oneDNN primitives */
    int oneDnnOps() {
        return plans.values().stream().mapToInt(Plan::substituted).sum();
    }

    /** @return how many calls this engine replayed (the rest ran through SameDiff) */
    public long replayedCalls() {
        return replayed;
    }

    /**
     * The plan for a call: null the first time a key is seen (SameDiff runs it plainly); the second time,
     * SameDiff runs it traced and the trace becomes the plan, which runs it once more.
     */
    private Plan plan(String key, Map<String, INDArray> feed, Supplier<Object> traced) {
        if (!enabled || unsupported.contains(key)) {
            return null;
        }
        Plan plan = plans.get(key);
        if (plan != null && plan.current()) {
            return plan;
        }
        if (plan == null && seen.put(key, Boolean.TRUE) == null && !traceFirstCall) {
            return null;
        }
        if (plan != null) {
            plans.remove(key).close(); // a parameter array was replaced
        }
        Trace trace = new Trace();
        sd.setListeners(trace);
        try {
            traced.get();
        } finally {
            sd.setListeners();
        }
        try {
            plan = new Plan(trace);
        } catch (UnsupportedOperationException e) {
            plans.remove(key);
            unsupported.add(key);
            return null;
        }
        plans.put(key, plan);
        return plan;
    }

    private static String key(String kind, List<String> outputs, List<String> trainable, Map<String, INDArray> feed) {
        StringBuilder sb = new StringBuilder(kind).append(outputs).append(trainable);
        for (Map.Entry<String, INDArray> e : new TreeMap<>(feed).entrySet()) {
            INDArray a = e.getValue();
            sb.append('|').append(e.getKey()).append(':').append(a.dataType()).append(Arrays.toString(a.shape()));
        }
        return sb.toString();
    }
}

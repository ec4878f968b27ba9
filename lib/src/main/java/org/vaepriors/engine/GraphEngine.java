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
 * before is traced once through SameDiff ({@link Trace}) and replayed ({@link Plan}): the same native ops
 * with the same arguments, in the same order, into arrays made once. Every result comes from a plan, the
 * first call's too (it is traced, then replayed), so a run's numbers do not depend on which calls were
 * first: resuming a run in a new process follows the same trajectory. Shapes should repeat (the Exemplar
 * prior pads its retrieved sets for that); a plan is dropped when a parameter array is replaced, and a
 * graph with an op the plan cannot replay keeps SameDiff for that call.
 *
 * <p>{@link #setEnabled(boolean)} (or {@code -Dvaepriors.engine=samediff}) turns replay off everywhere:
 * the plain SameDiff path, for comparisons.
 */
public final class GraphEngine {
    private static final int PLANS = 16;
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
    private final java.util.Set<String> unsupported = new java.util.HashSet<>();
    private long replayed;

    /**
     * @param sd the graph
     */
    public GraphEngine(SameDiff sd) {
        this.sd = Objects.requireNonNull(sd, "sd");
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
        Plan plan = plan(key, feed, () -> sd.output(feed, outputs), java.util.Set.of(outputs));
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
        java.util.Set<String> wanted = new java.util.HashSet<>(outputs);
        for (String name : trainable) {
            SDVariable g = sd.getVariable(name).getGradient();
            if (g != null) {
                wanted.add(g.name());
            }
        }
        Plan plan = plan(key, feed, () -> sd.calculateGradientsAndOutputs(feed, outputs, trainable), wanted);
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

    /** @return the bytes of the cached plans' op outputs, and of the arrays that hold them */
    long[] planBytes() {
        return new long[]{plans.values().stream().mapToLong(Plan::outputBytes).sum(),
            plans.values().stream().mapToLong(Plan::arrayBytes).sum()};
    }

    /** @return the ops of the cached plans that run in one Java pass */
    int heapOps() {
        return plans.values().stream().mapToInt(Plan::heapSteps).sum();
    }

    /** @return how many calls this engine replayed (the rest ran through SameDiff) */
    public long replayedCalls() {
        return replayed;
    }

    /** The plan for a call (traced now if there is none), or null when replay is off or impossible. */
    private Plan plan(String key, Map<String, INDArray> feed, Supplier<Object> traced, java.util.Set<String> wanted) {
        if (!enabled || unsupported.contains(key)) {
            return null;
        }
        Plan plan = plans.get(key);
        if (plan != null && plan.current()) {
            return plan;
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
            plan = new Plan(trace, wanted);
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

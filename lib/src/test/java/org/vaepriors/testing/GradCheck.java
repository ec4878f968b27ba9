package org.vaepriors.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.engine.GraphEngine;

/**
 * Finite-difference gradient checks of a SameDiff graph in double precision: for a sample of the entries
 * of every parameter, the central difference (L(p + h) - L(p - h)) / 2h against the analytic gradient.
 * Both run through the library's {@link GraphEngine} replay (what training and evaluation use).
 */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * @param sd        the graph (DOUBLE)
     * @param feed      fixed placeholders (noise included, so the loss is deterministic)
     * @param loss      the scalar output
     * @param params    the parameters to check
     * @param perTensor entries sampled per parameter tensor
     * @param seed      which entries
     */
    public static void check(SameDiff sd, Map<String, INDArray> feed, String loss, List<String> params, int perTensor,
                             long seed) {
        double h = 1e-6;
        GraphEngine engine = new GraphEngine(sd);
        engine.gradientsAndOutputs(feed, List.of(loss), params); // traced
        Map<String, INDArray> grads = new java.util.HashMap<>(engine.gradientsAndOutputs(feed, List.of(loss), params).getGradients());
        grads.replaceAll((k, v) -> v.dup());
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String name : params) {
            INDArray p = sd.getArrForVarName(name);
            INDArray g = grads.get(name);
            assertTrue(g != null, "no gradient for " + name);
            for (int k = 0; k < Math.min(perTensor, p.length()); k++) {
                long i = rng.nextLong(p.length());
                double orig = p.getDouble(i);
                p.putScalar(i, orig + h);
                double up = engine.output(feed, loss).get(loss).getDouble(0);
                p.putScalar(i, orig - h);
                double down = engine.output(feed, loss).get(loss).getDouble(0);
                p.putScalar(i, orig);
                double fd = (up - down) / (2 * h);
                double an = g.getDouble(i);
                double err = Math.abs(fd - an) / Math.max(1e-4, Math.abs(fd) + Math.abs(an));
                checked++;
                if (err > 1e-4 && Math.abs(fd - an) > 1e-6) {
                    failures.add(String.format("%s[%d]: analytic %.8g, numeric %.8g", name, i, an, fd));
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " entries differ: " + failures);
        assertTrue(!GraphEngine.enabled() || engine.replayedCalls() >= 2 * checked, "the checks ran through the engine's replay");
    }
}

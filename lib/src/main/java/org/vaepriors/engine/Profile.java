package org.vaepriors.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time per op of replayed plans, by op name and output shape, when {@code -Dvaepriors.engine.profile=true}
 * (a diagnostic for BENCHMARKS.md; off, plans run their steps unwrapped).
 */
public final class Profile {
    private static final boolean ON = Boolean.getBoolean("vaepriors.engine.profile");
    /** lines per summary, {@code -Dvaepriors.engine.profile.top} (default 20) */
    public static final int TOP = Integer.getInteger("vaepriors.engine.profile.top", 20);
    private static final Map<String, long[]> TIMES = new ConcurrentHashMap<>();

    private Profile() {
    }

    static Step wrap(Step s, String label) {
        if (!ON) {
            return s;
        }
        long[] acc = TIMES.computeIfAbsent(label, k -> new long[2]);
        return new Step() {
            @Override
            public void run() {
                long t0 = System.nanoTime();
                s.run();
                acc[0] += System.nanoTime() - t0;
                acc[1]++;
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    /**
     * @param calls divide the totals by this (e.g. the steps timed)
     * @param top   how many lines
     * @return the ops by total time, one line each: ms per call, runs per call, op and output shape
     */
    public static String summary(int calls, int top) {
        List<Map.Entry<String, long[]>> l = new ArrayList<>(TIMES.entrySet());
        l.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        long total = l.stream().mapToLong(e -> e.getValue()[0]).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.2f ms per call in replayed ops%n", total / 1e6 / calls));
        for (int i = 0; i < Math.min(top, l.size()); i++) {
            long[] v = l.get(i).getValue();
            sb.append(String.format(Locale.ROOT, "%8.3f ms  x%-3d %s%n", v[0] / 1e6 / calls, v[1] / calls, l.get(i).getKey()));
        }
        return sb.toString();
    }

    /** @return whether replayed ops are timed */
    public static boolean enabled() {
        return ON;
    }

    /** Forgets the times so far. */
    public static void reset() {
        TIMES.values().forEach(v -> {
            v[0] = 0;
            v[1] = 0;
        });
    }
}

package org.vaepriors.runtime;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.function.Supplier;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How ND4J executes: the library's one place for execution settings. Memory caps and threads belong to the
 * process and are set once ({@link #configureProcess()}); whether libnd4j's oneDNN helpers run belongs to a
 * run ({@link Settings}), because oneDNN is 4x faster on convolutions and 4x slower on these small dense
 * products. The helper switch is process-wide in libnd4j, so runs with different settings never overlap:
 * {@link #during} lets runs with equal settings share the process and makes the others wait.
 */
public final class Execution {
    private static final Object LOCK = new Object();
    private static Settings current;
    private static int holders;
    private static boolean configured;

    private Execution() {
    }

    /**
     * A run's execution settings.
     *
     * @param onednnHelpers true to let libnd4j use oneDNN (convolutional models)
     */
    public record Settings(boolean onednnHelpers) {
        /** Dense models: libnd4j's own kernels. */
        public static final Settings DENSE = new Settings(false);
        /** Convolutional models: oneDNN's convolutions. */
        public static final Settings CONVOLUTIONAL = new Settings(true);

        void apply() {
            Nd4j.getEnvironment().allowHelpers(onednnHelpers);
        }
    }

    /**
     * Sets the process-wide limits unless the user did: off-heap memory at half the machine's RAM and the
     * whole process at 60%. ND4J's arrays live off-heap and are freed only when the garbage collector finds
     * their Java handles; without a limit JavaCPP lets them pile up until the OOM killer ends the JVM (seen
     * here: ConvHVAE with a VampPrior on 24 GiB), with one it collects before allocating past it. Takes
     * effect only if called before ND4J is first used; later calls do nothing.
     */
    public static synchronized void configureProcess() {
        if (configured) {
            return;
        }
        configured = true;
        long ram = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxbytes", Long.toString(ram / 2));
        }
        if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", Long.toString(ram * 6 / 10));
        }
    }

    /**
     * Runs an action under the given settings, waiting while runs with other settings hold the process.
     *
     * @param settings the settings
     * @param action   the run
     * @param <T>      its result
     * @return the action's result
     */
    public static <T> T during(Settings settings, Supplier<T> action) {
        Objects.requireNonNull(settings, "settings");
        acquire(settings);
        try {
            return action.get();
        } finally {
            release();
        }
    }

    /**
     * Makes settings current outside a run (a notebook decoding from a loaded model), unless a run holds the
     * process with other settings: then the call leaves them, which costs speed, never correctness.
     *
     * @param settings the settings
     */
    public static void prefer(Settings settings) {
        synchronized (LOCK) {
            if (holders == 0) {
                settings.apply();
                current = settings;
            }
        }
    }

    private static void acquire(Settings settings) {
        synchronized (LOCK) {
            while (holders > 0 && !settings.equals(current)) {
                try {
                    LOCK.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for runs with other execution settings", e);
                }
            }
            if (holders == 0) {
                settings.apply();
                current = settings;
            }
            holders++;
        }
    }

    private static void release() {
        synchronized (LOCK) {
            holders--;
            if (holders == 0) {
                LOCK.notifyAll();
            }
        }
    }
}

package io.github.spencerpark.ijava;

/**
 * Test stand-in for IJava's entry class, which is not on Maven Central: like IJava 1.3's, its static
 * {@code getKernelInstance()} returns the running kernel (here a test kernel on IJava's real base library,
 * {@code io.github.spencerpark:jupyter-jvm-basekernel}), or null when none runs.
 */
public final class IJava {
    private static volatile Object kernel;

    private IJava() {
    }

    /** @return the running kernel, or null */
    public static Object getKernelInstance() {
        return kernel;
    }

    /** @param k the kernel the next {@link #getKernelInstance()} returns, or null */
    public static void setKernelInstance(Object k) {
        kernel = k;
    }
}

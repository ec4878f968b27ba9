package org.vaepriors.runtime;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What ND4J runs on: CPU or CUDA, the native build loaded (generic, AVX2, AVX-512), its thread count and
 * BLAS; printed by the notebooks and saved with every run, because all three change speed and, in the
 * last digits, results.
 *
 * @param backend     "CPU" or "CUDA"
 * @param nativeBuild the JavaCPP platform of the loaded native library, e.g. "linux-x86_64-onednn-avx512"
 * @param threads     ND4J's maximum number of threads
 * @param blas        the BLAS vendor ND4J reports, e.g. "OPENBLAS"
 * @param cores       logical processors the JVM sees
 */
public record BackendInfo(String backend, String nativeBuild, int threads, String blas, int cores) {

    private static final Pattern PLATFORM = Pattern.compile("(linux|windows|macosx)-(x86_64|arm64|ppc64le)(-onednn)?(-avx512|-avx2)?");

    /**
     * @return the backend of this JVM (initialises ND4J if it is not yet)
     */
    public static BackendInfo current() {
        String cls = Nd4j.getBackend().getClass().getSimpleName();
        String backend = cls.toLowerCase().contains("cu") ? "CUDA" : "CPU";
        String build = "unknown";
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().contains("nd4j") && e.getValue() != null) {
                Matcher m = PLATFORM.matcher(e.getValue());
                if (m.find()) {
                    build = m.group();
                    break;
                }
            }
        }
        Object blas = Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor");
        String vendor = blas == null ? "unknown" : blas.toString();
        if (vendor.equalsIgnoreCase("OPENBLAS")) {
            // OpenBLAS 0.3.19 falls back to SSE3 kernels (4x slower GEMM) on CPU models it does not know;
            // the environment scripts set OPENBLAS_CORETYPE from the CPU's features (environment/common.sh)
            String core = System.getenv("OPENBLAS_CORETYPE");
            vendor += core == null || core.isBlank() ? " (own CPU detection; OPENBLAS_CORETYPE unset)" : " (" + core + ")";
        }
        return new BackendInfo(backend, build, Nd4j.getEnvironment().maxThreads(), vendor,
                Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String toString() {
        return backend + " (" + nativeBuild + ", " + threads + " thread" + (threads == 1 ? "" : "s") + ", " + blas
                + ", " + cores + " cores)";
    }
}

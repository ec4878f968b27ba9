package org.vaepriors;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's folders are: the project root, the data directory, the figures and output folders.
 *
 * <p>The root is {@code VAEPRIORS_HOME} (set by our kernelspec) or, failing that, the nearest folder at or
 * above the working directory that holds both {@code pom.xml} and {@code notebooks/}. Every other folder
 * can be overridden by its own environment variable or system property, so that tests and CI can point
 * them elsewhere without touching the checkout.
 */
public final class LabPaths {
    private LabPaths() {
    }

    /** @return the project root, or the working directory when no project root is found */
    public static Path root() {
        String home = setting("vaepriors.home", "VAEPRIORS_HOME");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("notebooks"))) {
                return p;
            }
        }
        return dir;
    }

    /** @return the data directory: {@code vaepriors.data} / {@code VAEPRIORS_DATA}, else {@code data/} under the root */
    public static Path data() {
        return resolved(setting("vaepriors.data", "VAEPRIORS_DATA"), "data");
    }

    /** @return where notebooks save figures: {@code VAEPRIORS_FIGURES}, else {@code output/figures/} under the root */
    public static Path figures() {
        return resolved(setting("vaepriors.figures", "VAEPRIORS_FIGURES"), "output/figures");
    }

    /** @return where executed notebooks, HTML figures and other bulky outputs go: {@code VAEPRIORS_OUTPUT}, else {@code output/} */
    public static Path output() {
        return resolved(setting("vaepriors.output", "VAEPRIORS_OUTPUT"), "output");
    }

    /** @return where runs are kept: {@code VAEPRIORS_RESULTS}, else {@code results/} under the root */
    public static Path results() {
        return resolved(setting("vaepriors.results", "VAEPRIORS_RESULTS"), "results");
    }

    /**
     * Reads a setting: the system property first, then the environment variable.
     *
     * @param property the system property name
     * @param env      the environment variable name
     * @return the value, or null when neither is set or both are blank
     */
    public static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Path resolved(String value, String defaultUnderRoot) {
        Path root = root();
        Path p = value == null ? root.resolve(defaultUnderRoot) : root.resolve(value);
        return p.toAbsolutePath().normalize();
    }
}

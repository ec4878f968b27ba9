package org.vaepriors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the tests' Python helpers (tests/src/test/python) with the Jupyter that run-tests.sh installed. */
final class Python {
    static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..").toAbsolutePath().normalize();
    static final Path OUT = ROOT.resolve("output/test");
    static final Path KERNEL_JAR = ROOT.resolve("kernel/target/vae-priors-kernel-0.1.0-SNAPSHOT-all.jar");
    static final Path LIB_JAR = ROOT.resolve("lib/target/vae-priors-lib-0.1.0-SNAPSHOT-all.jar");
    private static final Path SCRIPTS = ROOT.resolve("tests/src/test/python");

    private Python() {
    }

    /** @return the Python of the Jupyter the tests use (-Dvaepriors.python, set by run-tests.sh) */
    static String interpreter() {
        String python = System.getProperty("vaepriors.python");
        if (python == null || python.isBlank()) {
            fail("no Jupyter Python given: run the tests with 'bash environment/run-tests.sh', which installs Jupyter "
                    + "and the kernel and passes -Dvaepriors.python");
        }
        return python;
    }

    /**
     * Runs a helper script and fails the test, with its log, when it exits non-zero or runs over time.
     *
     * @param script  the file name under tests/src/test/python
     * @param env     extra environment variables
     * @param timeout how long it may run
     * @param args    its arguments
     * @return its combined output
     */
    static String run(String script, Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
        Files.createDirectories(OUT);
        Path log = OUT.resolve(script.replace(".py", ".log"));
        List<String> cmd = new ArrayList<>(List.of(interpreter(), SCRIPTS.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(script + " did not finish within " + timeout + "; its log: " + log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), script + " failed:\n" + out);
        return out;
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** @return the 1-minute load average, for reports that print a time */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}

package org.vaepriors.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a test helper's {@code main}, with the test's classpath: for what only another
 * process can show (a POSIX lock held by another process, a process killed with SIGKILL). Its output is
 * read line by line; {@link #close()} kills it if it is still running.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param mainClass  the helper's class
     * @param properties system properties, "name=value"
     * @param args       its arguments
     * @return the running child
     * @throws IOException if it cannot start
     */
    public static ChildJvm start(Class<?> mainClass, List<String> properties, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx1g");
        for (String p : properties) {
            cmd.add("-D" + p);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return new ChildJvm(pb.start());
    }

    /**
     * Waits for an output line that starts with {@code prefix}.
     *
     * @param prefix  the line's start
     * @param timeout how long to wait
     * @return the line
     * @throws AssertionError with the output so far if it does not come (or the child ends first)
     */
    public String await(String prefix, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("the child printed no line starting with '" + prefix + "' (alive: " + process.isAlive()
                + "); its output:\n" + String.join("\n", output()));
    }

    /**
     * @param prefix a line's start
     * @return the first line printed so far that starts with it
     * @throws AssertionError with the output if there is none
     */
    public String line(String prefix) {
        return output().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting with '" + prefix + "' in the child's output:\n" + String.join("\n", output())));
    }

    /** @return every line printed so far */
    public List<String> output() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** @return its process id */
    public long pid() {
        return process.pid();
    }

    /**
     * @param timeout how long to wait
     * @return its exit status
     * @throws AssertionError if it does not end in time
     */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not end within " + timeout + "; its output:\n" + String.join("\n", output()));
        }
        return process.exitValue();
    }

    /** Kills it with SIGKILL (no shutdown hooks, no finally blocks: as the OOM killer or kill -9 would) and waits. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}

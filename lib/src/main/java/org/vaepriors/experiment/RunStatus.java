package org.vaepriors.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.vaepriors.io.Json;

/**
 * What a run folder says about its run, read from the files alone (so it works for runs of other processes
 * and other nodes): finished, diverged, being trained (and by whom), interrupted, failed, or not started.
 *
 * @param dir    the run folder
 * @param state  the state
 * @param detail one line: the summary, the holder, the checkpointed epoch or the error
 */
public record RunStatus(Path dir, State state, String detail) {
    /** Written into a run folder when its run threw: the error, for {@code status}. */
    public static final String FAILURE = "failure.json";

    /** Validates the fields. */
    public RunStatus {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    /** The states of a run. */
    public enum State {
        /** it has a result */
        DONE,
        /** it has a result that says it diverged */
        DIVERGED,
        /** a live process holds its lock */
        RUNNING,
        /** it was started and stopped without a result or an error: its trainer was killed */
        INTERRUPTED,
        /** its run threw; asking for it again tries again (from its last checkpoint) */
        FAILED,
        /** nothing has been written for it */
        NOT_STARTED,
        /** no result, and its lock cannot be probed (a folder this user cannot write) */
        UNKNOWN;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * The error of a run that threw.
     *
     * @param error   the exception's class
     * @param message its message
     * @param holder  the process that ran it
     * @param at      when (ISO-8601)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String error, String message, RunLock.Holder holder, String at) {
    }

    /**
     * @param dir a run folder (it need not exist)
     * @return its status
     */
    public static RunStatus of(Path dir) {
        Path result = dir.resolve(ExperimentRunner.RESULT);
        if (Files.isRegularFile(result)) {
            return finished(dir, result);
        }
        RunLock.State lock;
        try {
            lock = RunLock.probe(dir);
        } catch (UncheckedIOException e) {
            // a results folder this user may read but not write (the lock is probed with a write lock)
            return new RunStatus(dir, State.UNKNOWN, "no result, and its lock cannot be probed: " + e.getMessage());
        }
        if (lock.held()) {
            return new RunStatus(dir, State.RUNNING, "held by " + lock.holder().map(Object::toString).orElse("?")
                    + progress(dir));
        }
        if (lock.holder().isPresent()) {
            return new RunStatus(dir, State.INTERRUPTED, "left by " + lock.holder().get() + ", which stopped without "
                    + "finishing" + progress(dir) + "; asking for it again resumes it");
        }
        Path failure = dir.resolve(FAILURE);
        if (Files.isRegularFile(failure)) {
            Failure f = Json.read(failure, Failure.class);
            return new RunStatus(dir, State.FAILED, f.error() + ": " + f.message() + " (" + f.holder() + ", at " + f.at() + ")");
        }
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return new RunStatus(dir, State.INTERRUPTED, "started, no result" + progress(dir) + "; asking for it again resumes it");
        }
        return new RunStatus(dir, State.NOT_STARTED, "");
    }

    /**
     * @param results a results folder
     * @return the status of every run folder in it (those with a {@code config.json} or a lock file), by name
     */
    public static List<RunStatus> all(Path results) {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        List<RunStatus> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(results)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                if (Files.isRegularFile(d.resolve("config.json")) || Files.isRegularFile(d.resolve(RunLock.FILE))) {
                    out.add(of(d));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + results, e);
        }
        return out;
    }

    /**
     * Records that a run threw, for {@code status}; best effort (the error itself is what the caller sees).
     *
     * @param dir   the run folder
     * @param error the error
     */
    static void recordFailure(Path dir, Throwable error) {
        try {
            Json.write(dir.resolve(FAILURE), new Failure(error.getClass().getName(), String.valueOf(error.getMessage()),
                    RunLock.Holder.current(), Instant.now().toString()));
        } catch (RuntimeException ignored) {
            // a full disk, say: the exception the run threw still reaches the caller
        }
    }

    /**
     * Forgets an earlier failure when the run is tried again.
     *
     * @param dir the run folder
     */
    static void clearFailure(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FAILURE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir.resolve(FAILURE), e);
        }
    }

    private static RunStatus finished(Path dir, Path result) {
        try {
            JsonNode r = Json.mapper().readTree(result.toFile());
            JsonNode outcome = r.path("outcome");
            if (outcome.path("type").asText().equals("diverged")) {
                return new RunStatus(dir, State.DIVERGED, String.format(Locale.ROOT, "at epoch %d, step %d: %s; %s",
                        outcome.path("epoch").asInt(), outcome.path("step").asInt(), outcome.path("diagnosis").asText(),
                        outcome.path("bestEpoch").asInt() > 0 ? "results from epoch " + outcome.path("bestEpoch").asInt()
                                : "no test metrics"));
            }
            RunConfig<?, ?> cfg = Json.read(Files.readString(dir.resolve("config.json"), StandardCharsets.UTF_8),
                    RunConfig.class);
            return new RunStatus(dir, State.DONE, Json.read(Files.readString(result, StandardCharsets.UTF_8),
                    cfg.resultType()).summary());
        } catch (IOException | RuntimeException e) {
            return new RunStatus(dir, State.DONE, "(result.json unreadable: " + e.getMessage() + ")");
        }
    }

    /** ", N of M epochs saved" from the run's log, or "" when it has none. */
    private static String progress(Path dir) {
        Path log = dir.resolve("log.csv");
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            long epochs = lines.count() - 1;
            String of = "";
            Path config = dir.resolve("config.json");
            if (Files.isRegularFile(config)) {
                of = " of " + Json.read(Files.readString(config, StandardCharsets.UTF_8), RunConfig.class).epochs();
            }
            return ", " + Math.max(0, epochs) + of + " epochs saved";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

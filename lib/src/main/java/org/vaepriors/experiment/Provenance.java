package org.vaepriors.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import org.vaepriors.LabPaths;
import org.vaepriors.data.DataProvenance;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.LibraryVersion;

/**
 * Where a result came from, filled in by the runner (never by the user), saved beside every result.
 *
 * @param libraryVersion this library's version
 * @param gitCommit      the project's commit, or "unknown"
 * @param dl4jVersion    the Deeplearning4j/ND4J version
 * @param backend        the compute backend
 * @param java           the Java runtime
 * @param os             operating system and architecture
 * @param configSha256   the run config's hash
 * @param data           the data files and split
 * @param knobs          the notebook knobs in force
 * @param scaledDown     true unless the paper profile ran with no override: not a paper number
 * @param startedAt      when the run started (ISO-8601)
 * @param trainSeconds   wall time of training (this session; 0 when loaded from a finished run)
 * @param evalSeconds    wall time of evaluation
 */
public record Provenance(String libraryVersion, String gitCommit, String dl4jVersion, BackendInfo backend, String java,
                         String os, String configSha256, DataProvenance data, String knobs, boolean scaledDown,
                         String startedAt, double trainSeconds, double evalSeconds) {

    /** Validates the fields. */
    public Provenance {
        Objects.requireNonNull(configSha256, "configSha256");
        Objects.requireNonNull(data, "data");
    }

    /**
     * @param cfg          the run's config
     * @param data         the data provenance
     * @param knobs        the knobs in force
     * @param startedAt    the start time
     * @param trainSeconds training time
     * @param evalSeconds  evaluation time
     * @return the provenance of this JVM's run
     */
    public static Provenance capture(RunConfig cfg, DataProvenance data, Knobs knobs, Instant startedAt,
                                     double trainSeconds, double evalSeconds) {
        return new Provenance(LibraryVersion.version(), currentCommit(), LibraryVersion.dl4jVersion(), BackendInfo.current(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), cfg.sha256(), data,
                knobs.toString(), knobs.scaledDown() || cfg.profile() != Profile.PAPER, startedAt.toString(),
                trainSeconds, evalSeconds);
    }

    /** @return the checked-out commit of the project, read from .git without running git */
    static String currentCommit() {
        try {
            Path git = LabPaths.root().resolve(".git");
            String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
            if (head.startsWith("ref: ")) {
                Path ref = git.resolve(head.substring(5));
                if (Files.isRegularFile(ref)) {
                    return Files.readString(ref, StandardCharsets.UTF_8).trim();
                }
                Path packed = git.resolve("packed-refs");
                if (Files.isRegularFile(packed)) {
                    for (String line : Files.readAllLines(packed)) {
                        if (line.endsWith(" " + head.substring(5))) {
                            return line.substring(0, line.indexOf(' '));
                        }
                    }
                }
                return "unknown";
            }
            return head;
        } catch (Exception e) {
            return "unknown";
        }
    }
}

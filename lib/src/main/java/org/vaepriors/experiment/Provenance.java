package org.vaepriors.experiment;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vaepriors.data.DataProvenance;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.LibraryVersion;

/**
 * Where a result came from, filled in by the runner (never by the user), saved beside every result.
 *
 * @param libraryVersion this library's version
 * @param gitCommit      the commit the library jar was built from, or "unknown"
 * @param gitDirty       true if that build's working tree had uncommitted changes
 * @param dl4jVersion    the Deeplearning4j/ND4J version
 * @param backend        the compute backend
 * @param java           the Java runtime
 * @param os             operating system and architecture
 * @param configSha256   the run config's hash
 * @param data           the data files and split, or null for synthetic data drawn from the run's seed
 * @param knobs          the notebook knobs in force
 * @param scaledDown     true unless the paper profile ran with no override: not a paper number
 * @param startedAt      when the run started (ISO-8601)
 * @param trainSeconds   wall time of training (this session; 0 when loaded from a finished run)
 * @param evalSeconds    wall time of evaluation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(String libraryVersion, String gitCommit, boolean gitDirty, String dl4jVersion,
                         BackendInfo backend, String java,
                         String os, String configSha256, DataProvenance data, String knobs, boolean scaledDown,
                         String startedAt, double trainSeconds, double evalSeconds) {

    /** Validates the fields. */
    public Provenance {
        Objects.requireNonNull(configSha256, "configSha256");
    }

    /**
     * @param cfg          the run's config
     * @param data         the data provenance, or null for synthetic data
     * @param knobs        the knobs in force
     * @param startedAt    the start time
     * @param trainSeconds training time
     * @param evalSeconds  evaluation time
     * @return the provenance of this JVM's run
     */
    public static Provenance capture(RunConfig<?, ?> cfg, DataProvenance data, Knobs knobs, Instant startedAt,
                                     double trainSeconds, double evalSeconds) {
        return new Provenance(LibraryVersion.version(), LibraryVersion.gitCommit(), LibraryVersion.gitDirty(),
                LibraryVersion.dl4jVersion(), BackendInfo.current(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), cfg.sha256(), data,
                knobs.toString(), knobs.scaledDown() || cfg.profile() != Profile.PAPER, startedAt.toString(),
                trainSeconds, evalSeconds);
    }
}

package org.vaepriors.experiment;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.vaepriors.io.Json;
import org.vaepriors.runtime.Execution;

/**
 * An experiment: everything that can change its numbers, and how to run it. Its canonical JSON, hashed
 * with SHA-256, is the run's id: notebooks and CLI calls that ask for the same config share one run folder
 * ({@link ExperimentRunner}), a changed config never reuses a stale run, and {@code config.json} alone runs
 * it again ({@code java -jar ... run config.json}). How a run executes (threads, folders) is not part of it.
 *
 * <p>Kinds: {@link VaeRun} (a VAE trained and evaluated, or a prior fitted post hoc on a frozen one), and
 * the papers' own experiments in their packages (NCP's two stages, LARS's 2-D density fits, the Exemplar
 * VAE's classifiers). In JSON the kind is the {@code "kind"} property; each package registers its names.
 *
 * @param <R> the result it produces, saved as {@code result.json}
 * @param <M> the trained model a finished run gives back
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
public interface RunConfig<R extends RunResult, M> {

    /** @return the profile the run belongs to */
    Profile profile();

    /** @return the seed every random stream of the run derives from */
    long seed();

    /** @return a readable folder-name prefix, e.g. "quick-fashion-mnist-vae-vampprior-k-500" */
    String label();

    /** @return the type of its {@code result.json} */
    Class<R> resultType();

    /**
     * @param knobs the environment's overrides
     * @return this config with them applied (it gets its own id, so a capped run never answers for an uncapped one)
     */
    RunConfig<R, M> scaled(Knobs knobs);

    /**
     * Trains and evaluates. Called by the {@link ExperimentRunner} with the run's folder; runs it depends on
     * are asked for through the context.
     *
     * @param ctx the run's folder, knobs, progress and the runner
     * @return the result, saved by the runner
     */
    R execute(RunContext ctx);

    /**
     * Rebuilds the trained model of a finished run.
     *
     * @param dir    the run folder
     * @param result its result
     * @return the model
     */
    M load(Path dir, R result);

    /** @return the runs this one needs finished first (a post-hoc run's base, NCP's VAE) */
    default List<RunConfig<?, ?>> dependencies() {
        return List.of();
    }

    /** @return the epochs it trains for at most (1 for an experiment counted in steps), for progress bars */
    default int epochs() {
        return 1;
    }

    /**
     * An estimate of its work, in units comparable between runs of one kind (a VAE's: steps times the rows each
     * encodes), for starting the longest runs first ({@link ExperimentRunner#startOrder}). 0 if unknown.
     *
     * @return the estimate, >= 0
     */
    default double work() {
        return 0;
    }

    /** @return how ND4J should execute it */
    default Execution.Settings execution() {
        return Execution.Settings.DENSE;
    }

    /** @return the SHA-256 of the canonical JSON, hex */
    default String sha256() {
        return Json.sha256(this);
    }

    /** @return the first 16 hex digits of {@link #sha256()} */
    default String id() {
        return sha256().substring(0, 16);
    }
}

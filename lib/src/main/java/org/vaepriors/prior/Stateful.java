package org.vaepriors.prior;

/**
 * Optional capability of a {@link Prior} that keeps training state beside its graph parameters (LARS's
 * moving average of Z): saved in checkpoints as JSON of its own type, so that a resumed run continues on
 * the same trajectory.
 *
 * @param <S> the state's type, a record
 */
public interface Stateful<S> {

    /** @return the state's class, to read it back from a checkpoint */
    Class<S> stateType();

    /** @return the current state */
    S state();

    /**
     * Restores a saved state.
     *
     * @param state what {@link #state()} returned
     */
    void restore(S state);
}

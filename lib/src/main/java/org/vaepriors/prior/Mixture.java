package org.vaepriors.prior;

/**
 * Optional capability of a {@link Prior} that is a mixture evaluated over all its components: each row of
 * an evaluation pass holds a value per component, so the evaluator bounds rows x components per pass.
 */
public interface Mixture {

    /** @return the number of components the exact density sums over */
    int components();
}

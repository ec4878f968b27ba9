package org.vaepriors.prior;

import java.util.Map;

import org.vaepriors.math.Estimate;

/**
 * Optional capability of a {@link Prior} with quantities of its own that the papers report beside the
 * likelihoods (LARS's mean acceptance Z, NCP's log Z, the Exemplar prior's learned variance). The evaluator
 * stores them with the test metrics, with their Monte Carlo standard errors where they are estimates, so
 * tables read them instead of recomputing.
 */
public interface PriorStatistics {

    /** @return name to value under the current parameters; a value that is not an estimate has standard error 0 */
    Map<String, Estimate> statistics();
}

package org.vaepriors.testing;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/** Critical values of Pearson's chi-square test, from Apache Commons Statistics rather than typed-in tables. */
public final class ChiSquare {
    private ChiSquare() {
    }

    /**
     * @param degreesOfFreedom cells minus one (minus estimated parameters)
     * @param p                the test's level, e.g. 0.001
     * @return the value a chi-square statistic exceeds with probability p under the null hypothesis
     */
    public static double critical(int degreesOfFreedom, double p) {
        return ChiSquaredDistribution.of(degreesOfFreedom).inverseSurvivalProbability(p);
    }
}

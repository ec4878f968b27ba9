package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vaepriors.math.Estimate;

/** The one rule, on constructed numbers. */
class FindingTest {
    static Finding judge(double d, double se) {
        return Finding.of("A beats B", "a paper", new Estimate(d, se, 100), "nats");
    }

    @Test
    void aDifferenceCountsOnlyBeyondTwoStandardErrors() {
        // notebook 03's sub-sampling case: +0.02 +- 0.12 nats is noise
        assertEquals(Finding.Outcome.NOT_SHOWN, judge(0.02, 0.12).outcome());
        assertEquals(Finding.Outcome.HELD, judge(0.25, 0.12).outcome());
        assertEquals(Finding.Outcome.NOT_SHOWN, judge(0.23, 0.12).outcome());
        assertEquals(Finding.Outcome.CONTRADICTED, judge(-0.25, 0.12).outcome());
        assertEquals(Finding.Outcome.NOT_SHOWN, judge(-0.2, 0.12).outcome());
        assertEquals(Finding.Outcome.NOT_SHOWN, judge(3, 0).outcome(), "no standard error, no verdict");
        assertEquals(Finding.Outcome.NOT_SHOWN, judge(Double.NaN, 0.1).outcome());
        assertTrue(judge(0.02, 0.12).evidence().contains("0.12"), judge(0.02, 0.12).evidence());
        assertEquals("not shown", Finding.Outcome.NOT_SHOWN.toString());
    }

    @Test
    void seedsAndNormalisersWidenTheStandardError() {
        Estimate one = Finding.difference(List.of(new Estimate(1.0, 0.3, 500)));
        assertEquals(1.0, one.mean(), 1e-12);
        assertEquals(0.3, one.standardError(), 1e-12);
        // three seeds: paired errors 0.3 each give 0.3 / sqrt(3); the spread of 0.5, 1.0, 1.5 (sd 0.5) adds 0.5 / sqrt(3)
        Estimate three = Finding.difference(List.of(new Estimate(0.5, 0.3, 500), new Estimate(1.0, 0.3, 500),
                new Estimate(1.5, 0.3, 500)));
        assertEquals(1.0, three.mean(), 1e-12);
        assertEquals(Math.sqrt(0.09 / 3 + 0.25 / 3), three.standardError(), 1e-12);
        assertEquals(1500, three.n());
        // a normaliser's Monte Carlo error enters in quadrature
        Estimate withZ = Finding.difference(List.of(new Estimate(1.0, 0.3, 500)), 0.4);
        assertEquals(0.5, withZ.standardError(), 1e-12);
        assertEquals(Finding.Outcome.HELD, Finding.of("c", "s", one, "nats").outcome());
        assertEquals(Finding.Outcome.NOT_SHOWN, Finding.of("c", "s", withZ, "nats").outcome(),
                "1.0 is beyond 2 x 0.3 but not beyond 2 x 0.5");
        assertThrows(IllegalArgumentException.class, () -> Finding.difference(List.of()));
    }
}

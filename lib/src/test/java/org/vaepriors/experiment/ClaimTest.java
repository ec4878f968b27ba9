package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vaepriors.math.Estimate;

/** A claim's outcome over its findings, each judged by the one rule. */
class ClaimTest {
    private static Finding held() {
        return Finding.of("a", "s", new Estimate(1, 0.1, 100), "nats");
    }

    private static Finding notShown() {
        return Finding.of("a", "s", new Estimate(0.02, 0.12, 100), "nats");
    }

    private static Finding against() {
        return Finding.of("a", "s", new Estimate(-1, 0.1, 100), "nats");
    }

    private static Claim claim(int exceptions, Finding... f) {
        return new Claim("q", "w", "t", exceptions, List.of(f));
    }

    @Test
    void everyCaseMustHoldUnlessTheSentenceAllowsExceptions() {
        assertEquals(Finding.Outcome.HELD, claim(0, held(), held()).outcome());
        assertEquals(Finding.Outcome.NOT_SHOWN, claim(0, held(), notShown()).outcome());
        assertEquals(Finding.Outcome.CONTRADICTED, claim(0, held(), held(), against()).outcome());
        // "in all cases except one"
        assertEquals(Finding.Outcome.HELD, claim(1, held(), held(), against()).outcome());
        assertEquals(Finding.Outcome.HELD, claim(1, held(), held(), notShown()).outcome());
        assertEquals(Finding.Outcome.NOT_SHOWN, claim(1, held(), notShown(), notShown()).outcome());
        assertEquals(Finding.Outcome.CONTRADICTED, claim(1, held(), against(), against()).outcome());
    }

    @Test
    void aClaimWithNothingToJudgeIsNotShown() {
        assertEquals(Finding.Outcome.NOT_SHOWN, new Claim("q", "w", "t", new ArrayList<>()).outcome());
        assertEquals(Finding.Outcome.NOT_SHOWN, claim(1, held()).outcome(), "one case, one exception allowed: nothing shown");
        assertEquals("held in 1, not shown in 1, contradicted in 1 of 3", claim(0, held(), notShown(), against()).tally());
    }
}

package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpreadTest {

    /**
     * The Exemplar VAE supplement's Table 1 gives 24.0 ± 0.63 active units over five runs: integer counts with
     * mean 24 have an integer sum of squared deviations, and only the population standard deviation of 2/5
     * rounds to 0.63 (counts 23, 24, 24, 24, 25); the sample one would be 0.71.
     */
    @Test
    void thePapersPlusMinusIsThePopulationStandardDeviation() {
        Spread s = Spread.of(23, 24, 24, 24, 25);
        assertEquals(24.0, s.mean(), 0);
        assertEquals(0.63, s.std(), 0.005);
        assertEquals("24.00±0.63", s.format(2));
        // 27.6 ± 1.36 (VampPrior, dynamic MNIST): 26, 26, 28, 29, 29 -> sqrt(9.2 / 5)
        assertEquals(1.36, Spread.of(26, 26, 28, 29, 29).std(), 0.005);
    }

    @Test
    void oneRunHasNoSpreadAndShowsOnlyItsMean() {
        Spread s = Spread.of(3.14159);
        assertEquals(0, s.std(), 0);
        assertEquals("3.14", s.format(2));
        assertThrows(IllegalArgumentException.class, Spread::of);
    }
}

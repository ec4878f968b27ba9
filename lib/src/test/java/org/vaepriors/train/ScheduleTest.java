package org.vaepriors.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void warmupRisesLinearlyToOne() {
        TrainSpec s = TrainSpec.paper();
        assertEquals(0.01, s.beta(1), 1e-12);
        assertEquals(0.5, s.beta(50), 1e-12);
        assertEquals(1.0, s.beta(100), 1e-12);
        assertEquals(1.0, s.beta(150), 1e-12);
        assertEquals(1.0, s.withWarmup(0).beta(1), 1e-12);
    }

    @Test
    void patienceIsHeldDuringTheWarmupThenCounts() {
        EarlyStopping es = new EarlyStopping(2, 3, 0, Double.MAX_VALUE, 0);
        assertTrue(es.record(1, 10));
        assertFalse(es.record(2, 11));
        assertFalse(es.record(3, 12));
        assertFalse(es.shouldStop(), "epochs 2-3 are in the warm-up: the counter stays at 0");
        assertEquals(0, es.since());
        assertFalse(es.record(4, 10.5));
        assertFalse(es.shouldStop());
        assertTrue(es.record(5, 9));
        assertEquals(5, es.bestEpoch());
        assertFalse(es.record(6, 9.5));
        assertFalse(es.record(7, 9.1));
        assertTrue(es.shouldStop());
        assertEquals(9, es.bestLoss(), 0);
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrainSpec(0, 0, 1, 100, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new TrainSpec(10, -1, 1, 100, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new TrainSpec(10, 0, 0, 100, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new TrainSpec(10, 0, 1, 0, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new TrainSpec(10, 0, 1, 100, 0));
    }
}

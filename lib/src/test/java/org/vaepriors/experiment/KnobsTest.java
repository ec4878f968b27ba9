package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.train.TrainSpec;

class KnobsTest {
    @AfterEach
    void clear() {
        System.clearProperty("vaepriors.profile");
        System.clearProperty("vaepriors.maxEpochs");
    }

    @Test
    void propertiesOverrideAndScaleDown() {
        System.setProperty("vaepriors.profile", "Paper");
        assertEquals(Profile.PAPER, Knobs.fromEnv().profile());
        assertFalse(Knobs.fromEnv().scaledDown());
        System.setProperty("vaepriors.maxEpochs", "3");
        Knobs k = Knobs.fromEnv();
        assertEquals(OptionalInt.of(3), k.maxEpochs());
        assertTrue(k.scaledDown(), "a capped paper run is not a paper run");
        assertTrue(Knobs.of(Profile.QUICK).scaledDown());
    }

    @Test
    void badValuesNameTheSettingAndTheFix() {
        System.setProperty("vaepriors.profile", "fast");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Knobs::fromEnv);
        assertTrue(e.getMessage().contains("smoke, quick, paper") && e.getMessage().contains("fast"));
        System.setProperty("vaepriors.profile", "quick");
        System.setProperty("vaepriors.maxEpochs", "0");
        e = assertThrows(IllegalArgumentException.class, Knobs::fromEnv);
        assertTrue(e.getMessage().contains("VAEPRIORS_MAX_EPOCHS"));
    }

    @Test
    void pickFollowsTheProfile() {
        assertEquals(1, Knobs.of(Profile.SMOKE).pick(1, 2, 3));
        assertEquals(2, Knobs.of(Profile.QUICK).pick(1, 2, 3));
        assertEquals(3, Knobs.of(Profile.PAPER).pick(1, 2, 3));
    }

    @Test
    void overridesCapTheConfigAndChangeItsId() {
        VaeRun<?> cfg = VaeRun.builder().profile(Profile.QUICK).dataset(new DatasetSpec(DatasetId.FASHION_MNIST, 4000, 1000))
                .train(TrainSpec.paper().withMaxEpochs(40).withWarmup(10)).eval(new EvalSpec(200, 1000)).build();
        Knobs k = new Knobs(Profile.QUICK, OptionalInt.of(3), OptionalInt.of(100), OptionalInt.of(7));
        VaeRun<?> capped = cfg.scaled(k);
        assertEquals(3, capped.train().maxEpochs());
        assertEquals(3, capped.train().warmupEpochs());
        assertEquals(100, capped.dataset().trainLimit());
        assertEquals(7, capped.eval().iwSamples());
        assertEquals(cfg.eval().testLimit(), capped.eval().testLimit());
        assertTrue(!capped.id().equals(cfg.id()));
        assertEquals(cfg, cfg.scaled(Knobs.of(Profile.QUICK)), "no overrides, same config");
    }
}

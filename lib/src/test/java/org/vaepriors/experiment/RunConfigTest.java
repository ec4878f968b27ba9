package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.DatasetId;
import org.vaepriors.io.Json;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.VampPrior;

class RunConfigTest {
    static RunConfig vamp() {
        return RunConfig.builder().profile(Profile.QUICK).dataset(new DatasetSpec(DatasetId.MNIST_10K, 2000))
                .architecture(ArchitectureSpec.paper(ArchitectureSpec.Kind.HVAE)).prior(VampPrior.Spec.of(500).withSubsampling(0.5))
                .seed(3).build();
    }

    @Test
    void jsonRoundTripKeepsTheConfigAndItsId() {
        RunConfig c = vamp();
        RunConfig back = Json.read(Json.write(c), RunConfig.class);
        assertEquals(c, back);
        assertEquals(c.id(), back.id());
        assertTrue(Json.write(c).contains("\"type\" : \"vamp\""), Json.write(c));
    }

    @Test
    void anyChangeChangesTheId() {
        RunConfig c = vamp();
        assertNotEquals(c.id(), c.toBuilder().seed(4).build().id());
        assertNotEquals(c.id(), c.toBuilder().prior(VampPrior.Spec.of(500)).build().id());
        assertNotEquals(c.id(), c.toBuilder().prior(new MixtureOfGaussiansPrior.Spec(500)).build().id());
        assertNotEquals(c.id(), c.toBuilder().profile(Profile.PAPER).build().id());
        assertEquals(c.id(), vamp().id(), "equal configs share a run");
        assertEquals("quick-mnist-10k-hvae-vampprior-k-500-sub-sampled-250", c.label());
    }

    @Test
    void anUnknownPriorIsRefused() {
        String json = Json.write(vamp()).replace("\"vamp\"", "\"flow\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.read(json, RunConfig.class));
        assertTrue(e.getMessage().contains("flow"), e.getMessage());
    }
}

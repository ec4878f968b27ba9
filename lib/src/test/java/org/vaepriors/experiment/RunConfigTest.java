package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.synthetic.GaussianMixture2D;
import org.vaepriors.exemplar.AugmentationRun;
import org.vaepriors.exemplar.ClassifierSpec;
import org.vaepriors.exemplar.ExemplarPrior;
import org.vaepriors.exemplar.KnnRun;
import org.vaepriors.io.Json;
import org.vaepriors.lars.DensityFitRun;
import org.vaepriors.lars.LatentPlaneRun;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.ncp.NcpRun;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;

class RunConfigTest {
    static VaeRun<VampPrior> vamp() {
        return VaeRun.builder().profile(Profile.QUICK).dataset(new DatasetSpec(DatasetId.MNIST_10K, 2000))
                .architecture(ArchitectureSpec.paper(ArchitectureSpec.Kind.HVAE)).prior(VampPrior.Spec.of(500).withSubsampling(0.5))
                .seed(3).build();
    }

    @Test
    void jsonRoundTripKeepsTheConfigAndItsId() {
        VaeRun<VampPrior> c = vamp();
        RunConfig<?, ?> back = Json.read(Json.write(c), RunConfig.class);
        assertEquals(c, back);
        assertEquals(c.id(), back.id());
        assertTrue(Json.write(c).contains("\"type\" : \"vamp\""), Json.write(c));
    }

    @Test
    void anyChangeChangesTheId() {
        VaeRun<VampPrior> c = vamp();
        assertNotEquals(c.id(), c.toBuilder().seed(4).build().id());
        assertNotEquals(c.id(), c.toBuilder().prior(VampPrior.Spec.of(500)).build().id());
        assertNotEquals(c.id(), c.toBuilder().prior(new MixtureOfGaussiansPrior.Spec(500)).build().id());
        assertNotEquals(c.id(), c.toBuilder().profile(Profile.PAPER).build().id());
        assertEquals(c.id(), vamp().id(), "equal configs share a run");
        assertEquals("quick-mnist-10k-hvae-vampprior-k-500-sub-sampled-250", c.label());
    }

    /**
     * The id of one config, pinned: a library upgrade (Jackson, a renamed field, a reordered property) that
     * changes it would orphan every cached run, so it must fail here first and be a deliberate change.
     */
    @Test
    void theRunIdOfAFixedConfigIsPinned() {
        assertEquals(GOLDEN_ID, vamp().id(), Json.write(vamp()));
    }

    static final String GOLDEN_ID = "283bac9e9d831cb7";

    @Test
    void everyKindOfRunRoundTripsThroughJson() {
        VaeRun<VampPrior> base = vamp();
        VaeRun<ResampledPrior> postHoc = base.postHoc(ResampledPrior.Spec.paperDefaults(), TrainSpec.paper().withWarmup(0));
        NcpRun ncp = NcpRun.of(Profile.SMOKE);
        List<RunConfig<?, ?>> all = List.of(base, postHoc,
                new LatentPlaneRun(VaeRun.builder().architecture(new ArchitectureSpec(ArchitectureSpec.Kind.VAE, 28, 28, 2, 300))
                        .build().postHoc(ResampledPrior.Spec.paperDefaults(), TrainSpec.paper()), -4, 4, 96, 2000, 3),
                new DensityFitRun(Profile.SMOKE, GaussianMixture2D.grid(3, 1.0, 0.1), ResampledPrior.Spec.paperDefaults(), 10,
                        256, 3e-3, 100, 1),
                ncp.vae(), ncp,
                new KnnRun(base, List.of(3, 5), 100),
                new AugmentationRun(base.toBuilder().prior(ExemplarPrior.Spec.paper()).build(), ClassifierSpec.paper(2), true, 0, 1));
        for (RunConfig<?, ?> c : all) {
            String json = Json.write(c);
            RunConfig<?, ?> back = Json.read(json, RunConfig.class);
            assertEquals(c, back, json);
            assertEquals(c.id(), back.id());
            assertEquals(c.getClass(), back.getClass());
        }
        assertTrue(Json.write(postHoc).contains("\"base\""), "a post-hoc config names the run it freezes");
        assertNotEquals(postHoc.id(), base.toBuilder().prior(ResampledPrior.Spec.paperDefaults())
                .train(TrainSpec.paper().withWarmup(0)).build().id(), "post-hoc and joint runs are different runs");
    }

    @Test
    void aPostHocConfigNeedsItsBasesDataAndAnotherPrior() {
        VaeRun<VampPrior> base = vamp();
        assertThrows(IllegalArgumentException.class, () -> base.postHoc(base.prior(), TrainSpec.paper()));
        assertThrows(IllegalArgumentException.class, () -> base.postHoc(ResampledPrior.Spec.paperDefaults(), TrainSpec.paper())
                .postHoc(VampPrior.Spec.of(5), TrainSpec.paper()));
        VaeRun<ResampledPrior> ok = base.postHoc(ResampledPrior.Spec.paperDefaults(), TrainSpec.paper());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ok.toBuilder()
                .dataset(new DatasetSpec(DatasetId.FASHION_MNIST, 0)).build());
        assertTrue(e.getMessage().contains("freezes"), e.getMessage());
    }

    /** Notebook 01's quick runs by hand: 4,000 images in batches of 100 for at most 40 epochs are 1,600 steps. */
    @Test
    void aVaeRunsWorkIsItsStepsTimesTheRowsEachStepEncodes() {
        VaeRun<?> gaussian = VaeRun.builder().profile(Profile.QUICK).dataset(new DatasetSpec(DatasetId.FASHION_MNIST, 4000))
                .train(TrainSpec.paper().withMaxEpochs(40).withWarmup(10)).build();
        assertEquals(1600.0 * 100, gaussian.work());
        assertEquals(1600.0 * (100 + 500), gaussian.toBuilder().prior(VampPrior.Spec.of(500)).build().work());
        assertEquals(1600.0 * (100 + 250), gaussian.toBuilder().prior(VampPrior.Spec.of(500).withSubsampling(0.5)).build().work());
        // retrieval: at most k = 10 exemplars per example (1,000 < M = 2,000), and the batch's queries and own exemplars
        assertEquals(1600.0 * (100 + 1000 + 200), gaussian.toBuilder().prior(ExemplarPrior.Spec.paper()).build().work());
        assertEquals(1600.0 * (100 + 2000), gaussian.toBuilder().prior(ExemplarPrior.Spec.exact(0.5)).build().work());
        assertEquals(1600.0 * 100, gaussian.toBuilder().prior(new MixtureOfGaussiansPrior.Spec(500)).build().work());
    }

    @Test
    void runsStartMostWorkFirstTiesInTheirOrderAndAsGivenWhenOneHasNoEstimate() {
        List<RunConfig<?, ?>> runs = new ArrayList<>();
        for (ArchitectureSpec.Kind kind : List.of(ArchitectureSpec.Kind.VAE, ArchitectureSpec.Kind.HVAE)) {
            // notebook 01's six runs in the study's order: VAE then HVAE; Gaussian, VampPrior, Exemplar
            VaeRun<?> gaussian = VaeRun.builder().profile(Profile.QUICK).dataset(new DatasetSpec(DatasetId.FASHION_MNIST, 4000))
                    .architecture(ArchitectureSpec.paper(kind)).build();
            runs.add(gaussian);
            runs.add(gaussian.toBuilder().prior(VampPrior.Spec.of(500)).build());
            runs.add(gaussian.toBuilder().prior(ExemplarPrior.Spec.paper()).build());
        }
        assertEquals(List.of(2, 5, 1, 4, 0, 3), ExperimentRunner.startOrder(runs),
                "Exemplar, VampPrior, Gaussian; at equal work the VAE before the HVAE, as given");
        runs.add(NcpRun.of(Profile.SMOKE));
        assertEquals(0, runs.get(6).work(), "NCP's runs have no estimate");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ExperimentRunner.startOrder(runs));
    }

    @Test
    void anUnknownPriorIsRefused() {
        String json = Json.write(vamp()).replace("\"vamp\"", "\"flow\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.read(json, RunConfig.class));
        assertTrue(e.getMessage().contains("flow"), e.getMessage());
    }
}

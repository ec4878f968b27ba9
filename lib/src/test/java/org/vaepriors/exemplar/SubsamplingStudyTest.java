package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.Profile;
import org.vaepriors.prior.MixtureOfGaussiansPrior;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.SharedData;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;

/** Table 5's study: K against N, the rows of the paper found by what they are, the components column. */
class SubsamplingStudyTest {

    /** Points the loaders at the offline data (skipping the test without Omniglot-small). */
    private static void withData() {
        var dir = SharedData.dir();
        assumeTrue(dir != null && Datasets.available(dir).contains(DatasetId.OMNIGLOT_SMALL), "needs Omniglot-small");
        System.setProperty("vaepriors.data", dir.toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("vaepriors.data");
    }
    @Test
    void thePapersSettingIsReadFromItsTable() {
        assertEquals(List.of(1000, 2000, 5000), SubsamplingStudy.paperComponents());
        assertEquals(23_000, SubsamplingStudy.paperTrainingImages(), "M = 11,500 is N/2");
        // Omniglot-small's 3,430 training images: K / N kept
        assertEquals(List.of(149, 298, 746), SubsamplingStudy.scaledComponents(3430));
    }

    /** Notebook 03's first cell rewrites every default through a wither: it must build the same study. */
    @Test
    void theFirstCellsWithersGiveTheDefaultStudyBack() {
        SubsamplingStudy d = new SubsamplingStudy(Profile.QUICK, DatasetId.OMNIGLOT_SMALL, 0, 0, List.of(100, 200, 500), 0.5,
                TrainSpec.paper().withMaxEpochs(50).withWarmup(10), new EvalSpec(200, 0), 1);
        SubsamplingStudy same = d.withComponents(d.components()).withSubsampleFraction(d.vampFraction())
                .withWarmup(d.train().warmupEpochs()).withEpochs(d.train().maxEpochs()).withData(d.trainLimit(), d.validation());
        assertEquals(d, same);
        SubsamplingStudy edited = d.withComponents(50, 100).withEpochs(5);
        assertEquals(List.of(50, 100), edited.components());
        assertEquals(5, edited.train().warmupEpochs(), "the warm-up is capped by the epochs");
        assertEquals(6, edited.priors().size(), "Gaussian, MoG, VampPrior without and with sub-sampling at each K, Exemplar");
    }

    @Test
    void moreComponentsThanTrainingImagesAreRefused() {
        withData();
        SubsamplingStudy s = new SubsamplingStudy(Profile.QUICK, DatasetId.OMNIGLOT_SMALL, 200, 100, List.of(10, 20, 500), 0.5,
                TrainSpec.paper().withMaxEpochs(1), new EvalSpec(2, 10), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::configs);
        assertTrue(e.getMessage().contains("K = 500") && e.getMessage().contains("N = 200"), e.getMessage());
        assertEquals(7, s.withComponents(10, 20, 50).configs().size());
    }

    @Test
    void ourRowsStandForThePapersByWhatTheyAre() {
        withData();
        SubsamplingStudy s = new SubsamplingStudy(Profile.QUICK, DatasetId.OMNIGLOT_SMALL, 200, 100, List.of(10, 20, 50), 0.5,
                TrainSpec.paper().withMaxEpochs(1), new EvalSpec(2, 10), 1);
        assertEquals("gaussian", s.paperSetting(new StandardGaussianPrior.Spec()));
        assertEquals("mog", s.paperSetting(new MixtureOfGaussiansPrior.Spec(10)));
        assertEquals("vamp K=1000", s.paperSetting(VampPrior.Spec.of(10)));
        assertEquals("vamp K=2000 sub-sampled", s.paperSetting(VampPrior.Spec.of(20).withSubsampling(0.5)));
        assertEquals("vamp K=5000 sub-sampled", s.paperSetting(VampPrior.Spec.of(50).withSubsampling(0.5)));
        assertEquals("exemplar M=11500 sub-sampled", s.paperSetting(ExemplarPrior.Spec.paper()));
        // with another ladder our K no longer stand for the paper's (unless they are the paper's)
        SubsamplingStudy two = s.withComponents(10, 1000);
        assertEquals("", two.paperSetting(VampPrior.Spec.of(10)));
        assertEquals("vamp K=1000 sub-sampled", two.paperSetting(VampPrior.Spec.of(1000).withSubsampling(0.5)));
        // the Exemplar prior's components are M = N/2, as the paper's 11,500
        assertEquals(100, s.components(ExemplarPrior.Spec.paper()));
        assertEquals(20, s.components(VampPrior.Spec.of(20).withSubsampling(0.5)));
    }
}

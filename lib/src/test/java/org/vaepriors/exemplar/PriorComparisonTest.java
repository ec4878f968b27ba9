package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.Profile;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;

/** The study of notebooks 01 and 02 as a value: K per data set, the notebook's first cell, runs by what they are. */
class PriorComparisonTest {
    private static final PriorComparison PAPER = new PriorComparison(Profile.PAPER,
            List.of(ArchitectureSpec.Kind.VAE, ArchitectureSpec.Kind.HVAE),
            List.of(DatasetId.FASHION_MNIST, DatasetId.OMNIGLOT), 0, 0, TrainSpec.paper(), EvalSpec.paper(), 500,
            Map.of(DatasetId.OMNIGLOT, 1000), 5);

    @Test
    void theVampPriorHasTheVampPriorPapersKOnOmniglot() {
        assertEquals(500, PAPER.vampK(DatasetId.FASHION_MNIST));
        assertEquals(1000, PAPER.vampK(DatasetId.OMNIGLOT));
        assertTrue(PAPER.configs().stream().anyMatch(c -> c.dataset().id() == DatasetId.OMNIGLOT
                && c.prior().equals(VampPrior.Spec.of(1000))));
        assertTrue(PAPER.configs().stream().noneMatch(c -> c.dataset().id() == DatasetId.OMNIGLOT
                && c.prior().equals(VampPrior.Spec.of(500))));
        assertTrue(PAPER.summary().contains("K=500; K=1000 on OMNIGLOT"), PAPER.summary());
        // a K for every data set leaves Omniglot's own; one for Omniglot changes only it
        assertEquals(1000, PAPER.withVampK(50).vampK(DatasetId.OMNIGLOT));
        assertEquals(50, PAPER.withVampK(50).vampK(DatasetId.FASHION_MNIST));
        assertEquals(2000, PAPER.withVampK(DatasetId.OMNIGLOT, 2000).vampK(DatasetId.OMNIGLOT));
    }

    /** The notebook's first cell rewrites every default through a wither: it must build the same study. */
    @Test
    void theFirstCellsWithersGiveTheDefaultStudyBack() {
        PriorComparison same = PAPER.withVampK(PAPER.vampK()).withWarmup(PAPER.train().warmupEpochs())
                .withEpochs(PAPER.train().maxEpochs()).withSeeds(PAPER.seeds());
        assertEquals(PAPER, same);
        assertEquals(PAPER.configs(), same.configs());
        PriorComparison edited = PAPER.withVampK(50).withEpochs(3);
        assertNotEquals(PAPER.configs(), edited.configs());
        assertTrue(edited.summary().contains("K=50") && edited.summary().contains("at most 3 epochs"), edited.summary());
        assertEquals(3, edited.train().warmupEpochs(), "the warm-up is capped by the epochs");
    }

    @Test
    void theUnitCollapseBudgetOfBenchmarksIsOneEditOfTheFirstCell() {
        // BENCHMARKS.md, "Unit collapse in quick": MNIST-10k, 7,000 images, warm-up 1, 50 epochs, learning rate 1e-3
        PriorComparison collapse = PAPER.withDatasets(DatasetId.MNIST_10K).withData(7000, 1000)
                .withTrain(PAPER.train().withLearningRate(1e-3)).withWarmup(1).withEpochs(50);
        assertTrue(collapse.configs().stream().allMatch(c -> c.train().learningRate() == 1e-3
                && c.train().warmupEpochs() == 1 && c.train().maxEpochs() == 50 && c.dataset().id() == DatasetId.MNIST_10K
                && c.dataset().trainLimit() == 7000), collapse.summary());
        assertEquals(PAPER.train().patience(), collapse.train().patience(), "the rest of the schedule is the profile's");
    }

    @Test
    void runsAreFoundByWhatTheyAre() {
        var run = PAPER.exemplarRun(DatasetId.OMNIGLOT, ArchitectureSpec.Kind.HVAE, 3);
        assertTrue(PAPER.configs().contains(run));
        assertEquals(ExemplarPrior.Spec.paper(), run.prior());
        assertEquals(3, run.seed());
        assertEquals(2 * 2 * 3 * 5, PAPER.configs().size());
    }
}

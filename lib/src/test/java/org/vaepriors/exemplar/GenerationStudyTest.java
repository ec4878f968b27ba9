package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.experiment.Profile;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.train.TrainSpec;

/** Notebook 06's study: its first cell's withers, and its runs found by what they are. */
class GenerationStudyTest {
    private static final GenerationStudy QUICK = new GenerationStudy(new PriorComparison(Profile.QUICK,
            List.of(ArchitectureSpec.Kind.VAE), List.of(DatasetId.FASHION_MNIST), 4000, 1000,
            TrainSpec.paper().withMaxEpochs(40).withWarmup(10), new EvalSpec(200, 1000), 500, Map.of(), 1),
            List.of(3, 5, 7, 9, 11, 13, 15), 2000, ClassifierSpec.paper(10), 0);

    @Test
    void theFirstCellsWithersGiveTheDefaultStudyBack() {
        GenerationStudy same = QUICK.withDataset(QUICK.dataset()).withEpochs(QUICK.models().train().maxEpochs())
                .withKnnTestImages(QUICK.knnTestImages()).withClassifierEpochs(QUICK.classifier().epochs());
        assertEquals(QUICK, same);
        assertEquals(QUICK.runs(), same.runs());
    }

    @Test
    void itsRunsAreTheThreeVaesTheirKnnAndTwoClassifiersOfTheExemplarVae() {
        assertEquals(3 + 3 + 2, QUICK.runs().size());
        assertEquals(ExemplarPrior.Spec.paper(), QUICK.exemplarRun().prior());
        assertTrue(QUICK.vaes().contains(QUICK.exemplarRun()));
        assertEquals(QUICK.exemplarRun(), QUICK.augmentation(true).model());
        assertTrue(QUICK.augmentation(true).augment() && !QUICK.augmentation(false).augment());
        assertEquals(0.1, QUICK.augmentation(true).classifier().learningRate(), 0, "the authors' SGD");
    }
}

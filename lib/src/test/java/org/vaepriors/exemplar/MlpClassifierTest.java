package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.ImageSet;
import org.vaepriors.testing.Tiny;

/** The classifier learns a separable problem, with and without an augmenting generator. */
class MlpClassifierTest {

    @Test
    void learnsTheBrightRow() {
        // Tiny images: the label is the index of the bright row, so the classes are linearly separable
        ImageSet train = Tiny.images(400, 4, 1);
        ImageSet test = Tiny.images(200, 4, 2);
        ClassifierSpec spec = new ClassifierSpec(List.of(32), 30, 50, 1e-2, 0.1, 0.4);
        double plain = MlpClassifier.train(train, null, spec, 3).error(test);
        double chance = 0.75;
        assertTrue(plain < 0.05, "error " + plain + " (chance " + chance + ")");
        // an augmentation that returns the real images unchanged is the plain loss again
        double same = MlpClassifier.train(train, (x, rng) -> x.dup(), spec, 3).error(test);
        assertTrue(same < 0.05, "error with identity augmentation " + same);
    }

    /** The authors' LambdaLR(1 - 0.99 epoch / epochs), stepped after each epoch: epoch e uses 1 - 0.99 (e - 1) / E. */
    @Test
    void theAuthorsLearningRateFallsLinearly() {
        ClassifierSpec.Sgd sgd = new ClassifierSpec.Sgd(0.9, 0.99);
        assertEquals(1.0, sgd.factor(1, 100), 0);
        assertEquals(1 - 0.99 * 50 / 100.0, sgd.factor(51, 100), 1e-15);
        assertEquals(0.0199, sgd.factor(100, 100), 1e-12);
        ClassifierSpec paper = ClassifierSpec.paper(100);
        assertEquals(0.1, paper.learningRate(), 0);
        assertEquals(0.9, paper.sgd().momentum(), 0);
        assertEquals(List.of(1024, 1024), paper.hidden());
    }

    @Test
    void sgdWithMomentumLearnsTheBrightRow() {
        ImageSet train = Tiny.images(400, 4, 1);
        ImageSet test = Tiny.images(200, 4, 2);
        ClassifierSpec spec = new ClassifierSpec(List.of(32), 20, 50, 0.1, 0.1, 0.4, new ClassifierSpec.Sgd(0.9, 0.99));
        double error = MlpClassifier.train(train, null, spec, 3).error(test);
        assertTrue(error < 0.05, "error " + error + " (chance 0.75)");
        assertEquals(error, MlpClassifier.train(train, null, spec, 3).error(test), 0, "the seed fixes the run");
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ClassifierSpec(List.of(), 1, 10, 1e-3, 0.1, 0.4));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierSpec(List.of(8), 1, 10, 1e-3, 1.0, 0.4));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierSpec(List.of(8), 1, 10, 1e-3, 0.1, 0));
    }
}

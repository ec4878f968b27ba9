package org.vaepriors.exemplar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.testing.Tiny;

/** With sigma -> 0, r(z|x) is a point mass at mu(x): generation is decoding the exemplar's mean. */
class ExemplarGeneratorTest {
    static final ImageSet DATA = Tiny.images(10, 3, 4);

    @Test
    void conditionedSamplesConcentrateOnTheExemplarAsSigmaVanishes() {
        VaeModel<ExemplarPrior> m = VaeModel.build(Tiny.arch(ArchitectureSpec.Kind.VAE, 3, 2, 6), ExemplarPrior.Spec.paper(), DATA,
                DataType.DOUBLE, 1);
        m.graph().getArrForVarName("prior/exemplar/logVar").assign(-40);
        ExemplarPrior prior = m.prior();
        ExemplarGenerator g = new ExemplarGenerator(m);
        INDArray ex = Nd4j.create(DATA.limit(2).pixels(), new long[]{2, 9}, 'c').castTo(DataType.DOUBLE);
        INDArray out = g.conditioned(ex, 3, new SplittableRandom(1));
        INDArray expected = m.decode(prior.encode(ex), new SplittableRandom(2));
        assertEquals(6, out.size(0));
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(expected.getRow(i / 3).toDoubleVector(), out.getRow(i).toDoubleVector(), 1e-9);
        }
        INDArray chain = g.iterate(ex.getRow(0, true), 4, new SplittableRandom(3));
        assertEquals(5, chain.size(0));
        assertArrayEquals(ex.getRow(0).toDoubleVector(), chain.getRow(0).toDoubleVector(), 0);
        assertArrayEquals(expected.getRow(0).toDoubleVector(), chain.getRow(1).toDoubleVector(), 1e-9);
    }
}

package org.vaepriors.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Array helpers of the engine. */
final class Nd4jShapes {
    private Nd4jShapes() {
    }

    /**
     * @param a an array
     * @return an uninitialised c-order array of its type and shape (a scalar stays a scalar)
     */
    static INDArray like(INDArray a) {
        return Nd4j.createUninitialized(a.dataType(), a.shape(), 'c');
    }
}

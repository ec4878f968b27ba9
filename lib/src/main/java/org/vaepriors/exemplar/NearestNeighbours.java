package org.vaepriors.exemplar;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A cache of N vectors (the exemplars' latent means) that answers k-nearest-neighbour queries in
 * Euclidean distance, restricted to a candidate subset, and whose rows are overwritten as the encoder
 * changes (Exemplar VAE, supplement Algorithm 1).
 */
public interface NearestNeighbours {

    /** @return N, the number of cached vectors */
    int size();

    /** @return the vectors' dimension */
    int dim();

    /**
     * Overwrites cached rows.
     *
     * @param rows    row indices, {@code [m]}
     * @param vectors their new values, {@code [m, dim]}
     */
    void update(int[] rows, INDArray vectors);

    /**
     * @param row a row index
     * @return a copy of the cached vector
     */
    float[] get(int row);

    /**
     * The k nearest cached rows to each query, among the candidates only.
     *
     * @param queries    {@code [B, dim]}
     * @param k          neighbours per query (at most the number of candidates)
     * @param candidates the rows that may be returned (e.g. the exemplars drawn for this step), distinct
     * @return {@code [B][k]} row indices, nearest first
     */
    int[][] search(INDArray queries, int k, int[] candidates);
}

package org.vaepriors.exemplar;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.nn.HostArrays;

/**
 * Exact k-nearest-neighbour search by one matrix product: ||q - x||^2 = ||q||^2 - 2 q.x + ||x||^2 for all
 * queries and cached rows at once (BLAS), then a bounded selection per query over the candidates. The cache is an N x d array
 * whose rows are overwritten in place. For 50,000 x 40 latent means this is fast enough that an
 * approximate index is not needed (STACK.md); an HNSW index could implement the same interface.
 */
public final class ExactNearestNeighbours implements NearestNeighbours {
    private final INDArray cache;
    private final float[] heapRows;     // the cache on the heap, [N * d], kept in step with it
    private final float[] squaredNorms; // ||x||^2 per row, kept in step with the cache
    private INDArray gathered;          // [M, d] the candidates' rows, reused while M stays
    private float[] gatheredHeap;
    private float[] gatheredNorms;      // their ||x||^2
    private INDArray products;          // [B, M] q.x, reused while B and M stay
    private float[] scratch;            // its copy on the heap
    private final int n;
    private final int d;

    /**
     * @param initial the initial vectors, {@code [N, d]} (copied)
     */
    public ExactNearestNeighbours(INDArray initial) {
        Objects.requireNonNull(initial, "initial");
        if (initial.rank() != 2 || initial.size(0) < 1) {
            throw new IllegalArgumentException("the cache needs an [N, d] array with N >= 1, got shape "
                    + Arrays.toString(initial.shape()));
        }
        this.cache = initial.castTo(DataType.FLOAT).dup('c');
        this.squaredNorms = cache.mul(cache).sum(1).castTo(DataType.FLOAT).dup('c').toFloatVector();
        this.heapRows = HostArrays.toFloats(cache);
        this.n = (int) initial.size(0);
        this.d = (int) initial.size(1);
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public void update(int[] rows, INDArray vectors) {
        if (vectors.size(0) != rows.length || vectors.size(1) != d) {
            throw new IllegalArgumentException("update of " + rows.length + " rows needs [" + rows.length + ", " + d
                    + "] vectors, got " + Arrays.toString(vectors.shape()));
        }
        // straight into the buffers: a getRow/putRow per row costs a native shape descriptor each (ms per step)
        float[] v = HostArrays.toFloats(vectors);
        FloatBuffer rowsOut = cache.data().asNioFloat();
        for (int i = 0; i < rows.length; i++) {
            int r = Objects.checkIndex(rows[i], n);
            float norm = 0;
            for (int j = 0; j < d; j++) {
                float x = v[i * d + j];
                rowsOut.put(r * d + j, x);
                heapRows[r * d + j] = x;
                norm += x * x;
            }
            squaredNorms[r] = norm;
        }
    }

    @Override
    public float[] get(int row) {
        return cache.getRow(Objects.checkIndex(row, n)).toFloatVector();
    }

    @Override
    public int[][] search(INDArray queries, int k, int[] candidates) {
        if (k < 1 || k > candidates.length) {
            throw new IllegalArgumentException("k must be in [1, " + candidates.length + "] (the candidates), got " + k);
        }
        INDArray q = queries.castTo(DataType.FLOAT).dup('c');
        int b = (int) q.size(0);
        int m = candidates.length;
        // The candidates' rows are gathered from the heap copy into one [M, d] array, then one GEMM gives
        // every query's products with them, copied to the heap in one block (DataBuffer.asFloat goes element by
        // element, 20x slower). Against the whole cache this took 3x longer at N = 50,000, M = N/2: twice the
        // products, and a scan that jumped through them. ||q||^2 is the same for every candidate of a query,
        // so ranking needs only ||x||^2 - 2 q.x.
        if (gathered == null || gathered.size(0) != m) {
            gathered = Nd4j.create(DataType.FLOAT, m, d);
            gatheredHeap = new float[m * d];
            gatheredNorms = new float[m];
        }
        for (int c = 0; c < m; c++) {
            int r = Objects.checkIndex(candidates[c], n);
            System.arraycopy(heapRows, r * d, gatheredHeap, c * d, d);
            gatheredNorms[c] = squaredNorms[r];
        }
        HostArrays.write(gatheredHeap, gathered);
        if (products == null || products.size(0) != b || products.size(1) != m) {
            products = Nd4j.create(DataType.FLOAT, b, m);
            scratch = new float[b * m];
        }
        Nd4j.gemm(q, gathered, products, false, true, 1.0, 0.0);
        HostArrays.read(products, scratch);
        int[][] out = new int[b][];
        float[] scores = new float[m];
        float[] heapScores = new float[k];
        int[] heapPositions = new int[k];
        for (int i = 0; i < b; i++) {
            int base = i * m;
            for (int c = 0; c < m; c++) { // a loop the JIT vectorises; the selection below mostly compares
                scores[c] = gatheredNorms[c] - 2 * scratch[base + c];
            }
            out[i] = smallest(scores, k, candidates, heapScores, heapPositions);
        }
        return out;
    }

    /**
     * The k smallest scores, nearest first, as candidate ids; ties broken by the lower candidate position: a
     * bounded max-heap of (score, position) over one pass. Positions only grow along the pass, so a later score
     * enters the full heap only when strictly below its top's.
     */
    private static int[] smallest(float[] scores, int k, int[] candidates, float[] hs, int[] hp) {
        for (int c = 0; c < k; c++) {
            hs[c] = scores[c];
            hp[c] = c;
            siftUp(hs, hp, c);
        }
        float top = hs[0];
        for (int c = k; c < scores.length; c++) {
            if (scores[c] < top) {
                hs[0] = scores[c];
                hp[0] = c;
                siftDown(hs, hp, k);
                top = hs[0];
            }
        }
        // the heap's k entries in ascending (score, position) order: insertion sort, k is small
        for (int i = 1; i < k; i++) {
            float ts = hs[i];
            int tp = hp[i];
            int j = i - 1;
            while (j >= 0 && less(ts, tp, hs[j], hp[j])) {
                hs[j + 1] = hs[j];
                hp[j + 1] = hp[j];
                j--;
            }
            hs[j + 1] = ts;
            hp[j + 1] = tp;
        }
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = candidates[hp[i]];
        }
        return ids;
    }

    private static boolean less(float sa, int pa, float sb, int pb) {
        return sa < sb || (sa == sb && pa < pb);
    }

    private static void siftUp(float[] hs, int[] hp, int i) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (!less(hs[p], hp[p], hs[i], hp[i])) {
                return;
            }
            swap(hs, hp, p, i);
            i = p;
        }
    }

    private static void siftDown(float[] hs, int[] hp, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && less(hs[m], hp[m], hs[l], hp[l])) {
                m = l;
            }
            if (r < size && less(hs[m], hp[m], hs[r], hp[r])) {
                m = r;
            }
            if (m == i) {
                return;
            }
            swap(hs, hp, m, i);
            i = m;
        }
    }

    private static void swap(float[] hs, int[] hp, int a, int b) {
        float s = hs[a];
        hs[a] = hs[b];
        hs[b] = s;
        int p = hp[a];
        hp[a] = hp[b];
        hp[b] = p;
    }
}

package org.vaepriors.exemplar;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;

import java.util.Arrays;
import java.util.Objects;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.engine.ProductFlops;
import org.vaepriors.nn.HostArrays;

/**
 * Exact k-nearest-neighbour search by matrix products: ||q - x||^2 = ||q||^2 - 2 q.x + ||x||^2 for all queries
 * and a block of cached rows at once (oneDNN's sgemm), then a bounded selection per query that carries over
 * from block to block. The cache is an N x d array on the heap whose rows are overwritten in place. For
 * 50,000 x 40 latent means this is fast enough that an approximate index is not needed (STACK.md); an HNSW
 * index could implement the same interface.
 *
 * <p>Why blocks: one product of 100 queries with 25,000 candidates is a [100, 25,000] array, 10 MB, that left
 * the core's caches on the way to the selection, and took the step's arrays out of them. A block of
 * candidates keeps its products (at most {@link #BLOCK_PRODUCTS} floats) in the 1 MB L2. The candidates are
 * visited in ascending row order, so that gathering their rows streams through the cache instead of jumping.
 * A row's products do not depend on the block it is in: oneDNN's sgemm sums the d terms in order with fused
 * multiply-adds, in every process (Nd4j.gemm did not inside a training process: BENCHMARKS.md, step 17). The
 * result is that of one pass in the candidates' order: the k smallest (score, candidate position) pairs.
 */
public final class ExactNearestNeighbours implements NearestNeighbours {
    /** Products per block, queries x candidates: 512 KB, half the L2 of the machines measured. */
    static final int BLOCK_PRODUCTS = 1 << 17;
    private final float[] rows;         // the cache, [N * d]
    private final float[] squaredNorms; // ||x||^2 per row, kept in step with the cache
    private final long[] chosen;        // the current search's candidates as a bit set over the rows (reused)
    private final int[] positionOf;     // a candidate's position in the current search (reused)
    private final int n;
    private final int d;
    private Buffers buffers;

    /**
     * @param initial the initial vectors, {@code [N, d]} (copied)
     */
    public ExactNearestNeighbours(INDArray initial) {
        Objects.requireNonNull(initial, "initial");
        if (initial.rank() != 2 || initial.size(0) < 1) {
            throw new IllegalArgumentException("the cache needs an [N, d] array with N >= 1, got shape "
                    + Arrays.toString(initial.shape()));
        }
        this.n = (int) initial.size(0);
        this.d = (int) initial.size(1);
        INDArray x = initial.castTo(DataType.FLOAT).dup('c');
        this.rows = HostArrays.toFloats(x);
        this.squaredNorms = HostArrays.toFloats(x.mul(x).sum(1).castTo(DataType.FLOAT));
        this.chosen = new long[(n + 63) >>> 6];
        this.positionOf = new int[n];
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
    public void update(int[] indices, INDArray vectors) {
        if (vectors.size(0) != indices.length || vectors.size(1) != d) {
            throw new IllegalArgumentException("update of " + indices.length + " rows needs [" + indices.length + ", " + d
                    + "] vectors, got " + Arrays.toString(vectors.shape()));
        }
        float[] v = HostArrays.toFloats(vectors);
        for (int i = 0; i < indices.length; i++) {
            int r = Objects.checkIndex(indices[i], n);
            System.arraycopy(v, i * d, rows, r * d, d);
            squaredNorms[r] = squaredNorm(rows, r * d, d);
        }
    }

    /** The sum of squares in float, in index order (as updated rows' norms have always been formed). */
    private static float squaredNorm(float[] a, int from, int d) {
        float norm = 0;
        for (int j = 0; j < d; j++) {
            norm += a[from + j] * a[from + j];
        }
        return norm;
    }

    @Override
    public float[] get(int row) {
        int r = Objects.checkIndex(row, n);
        return Arrays.copyOfRange(rows, r * d, (r + 1) * d);
    }

    @Override
    public int[][] search(INDArray queries, int k, int[] candidates) {
        int m = candidates.length;
        if (k < 1 || k > m) {
            throw new IllegalArgumentException("k must be in [1, " + m + "] (the candidates), got " + k);
        }
        if (queries.rank() != 2 || queries.size(1) != d) {
            throw new IllegalArgumentException("queries must be [B, " + d + "], got " + Arrays.toString(queries.shape()));
        }
        int b = (int) queries.size(0);
        if (b == 0) {
            return new int[0][];
        }
        int[] ascending = ascending(candidates);
        Buffers buf = buffers(b);
        buf.queries.put(HostArrays.toFloats(queries.castTo(DataType.FLOAT)), 0, b * d);
        float[][] hs = new float[b][k]; // per query a max-heap of its k smallest (score, position) so far
        int[][] hp = new int[b][k];
        for (int from = 0; from < m; from += buf.block) {
            int count = Math.min(buf.block, m - from);
            for (int c = 0; c < count; c++) {
                int r = ascending[from + c];
                System.arraycopy(rows, r * d, buf.gathered, c * d, d);
                buf.norms[c] = squaredNorms[r];
                buf.positions[c] = positionOf[r];
            }
            buf.rows.put(buf.gathered, 0, count * d);
            int status = dnnl_sgemm((byte) 'N', (byte) 'T', b, count, d, 1f, buf.queries, d, buf.rows, d, 0f,
                    buf.products, count);
            ProductFlops.add(b, count, d);
            if (status != 0) {
                throw new IllegalStateException("oneDNN sgemm failed with status " + status);
            }
            buf.products.get(buf.scratch, 0, b * count);
            int filling = Math.max(0, Math.min(count, k - from)); // entries that fill the heaps, the same for all
            for (int i = 0; i < b; i++) {
                offer(hs[i], hp[i], k, from, filling, count, buf, i * count);
            }
        }
        int[][] out = new int[b][];
        for (int i = 0; i < b; i++) {
            out[i] = nearestFirst(hs[i], hp[i], k, candidates);
        }
        return out;
    }

    /**
     * One query's scores against a block (||x||^2 - 2 q.x: ||q||^2 is the same for every candidate, so ranking
     * needs no more) offered to its heap: the first {@code filling} fill it, the rest enter only below its top.
     */
    private static void offer(float[] hs, int[] hp, int k, int from, int filling, int count, Buffers buf, int base) {
        float[] norms = buf.norms;
        float[] scores = buf.scores;
        int[] positions = buf.positions;
        // The query's products first go to an array of their own: JDK 17's C2 vectorises the loop below only when
        // its arrays share an offset (with products[base + c] it ran scalar, 5x slower)
        System.arraycopy(buf.scratch, base, scores, 0, count);
        for (int c = 0; c < count; c++) {
            scores[c] = norms[c] - 2 * scores[c];
        }
        int filled = from;
        int c = 0;
        for (; c < filling; c++, filled++) {
            hs[filled] = scores[c];
            hp[filled] = positions[c];
            siftUp(hs, hp, filled);
        }
        float top = hs[0];
        // Most scores are above the top: eight compares joined without branches, then one branch
        for (; c + 8 <= count; c += 8) {
            if (scores[c] <= top | scores[c + 1] <= top | scores[c + 2] <= top | scores[c + 3] <= top
                    | scores[c + 4] <= top | scores[c + 5] <= top | scores[c + 6] <= top | scores[c + 7] <= top) {
                for (int j = c; j < c + 8; j++) {
                    top = enter(hs, hp, k, scores[j], positions[j], top);
                }
            }
        }
        for (; c < count; c++) {
            top = enter(hs, hp, k, scores[c], positions[c], top);
        }
    }

    /** Puts (score, position) in the heap if below its top; returns the top. */
    private static float enter(float[] hs, int[] hp, int k, float score, int position, float top) {
        if (less(score, position, top, hp[0])) {
            hs[0] = score;
            hp[0] = position;
            siftDown(hs, hp, k);
            return hs[0];
        }
        return top;
    }

    /**
     * @return the candidates' rows in ascending order, read off a bit set of them, and {@link #positionOf} set for
     * each (a pass over N / 64 words, where sorting M would take longer)
     */
    private int[] ascending(int[] candidates) {
        for (int r : candidates) {
            Objects.checkIndex(r, n);
        }
        for (int c = 0; c < candidates.length; c++) {
            int r = candidates[c];
            long bit = 1L << r;
            if ((chosen[r >>> 6] & bit) != 0) {
                Arrays.fill(chosen, 0);
                throw new IllegalArgumentException("the candidates must be distinct: row " + r + " is at positions "
                        + positionOf[r] + " and " + c);
            }
            chosen[r >>> 6] |= bit;
            positionOf[r] = c;
        }
        int[] out = new int[candidates.length];
        int j = 0;
        for (int w = 0; w < chosen.length; w++) {
            for (long bits = chosen[w]; bits != 0; bits &= bits - 1) {
                out[j++] = (w << 6) + Long.numberOfTrailingZeros(bits);
            }
            chosen[w] = 0;
        }
        return out;
    }

    /** The search's native and heap buffers for B queries, kept while B stays. */
    private Buffers buffers(int b) {
        if (buffers == null || buffers.b != b) {
            buffers = new Buffers(b, d);
        }
        return buffers;
    }

    private static final class Buffers {
        final int b;
        final int block;
        final FloatPointer queries;
        final FloatPointer rows;
        final FloatPointer products;
        final float[] gathered;
        final float[] norms;
        final int[] positions;
        final float[] scratch;
        final float[] scores;

        Buffers(int b, int d) {
            this.b = b;
            this.block = Math.max(64, BLOCK_PRODUCTS / b);
            this.queries = new FloatPointer((long) b * d);
            this.rows = new FloatPointer((long) block * d);
            this.products = new FloatPointer((long) b * block);
            this.gathered = new float[block * d];
            this.norms = new float[block];
            this.positions = new int[block];
            this.scratch = new float[b * block];
            this.scores = new float[block];
        }
    }

    /** A query's heap in ascending (score, position) order (insertion sort: k is small), as candidate ids. */
    private static int[] nearestFirst(float[] hs, int[] hp, int k, int[] candidates) {
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

package org.vaepriors.exemplar;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaepriors.data.ImageSet;
import org.vaepriors.engine.GraphEngine;
import org.vaepriors.engine.ProductFlops;
import org.vaepriors.math.Permutations;
import org.vaepriors.nn.Gaussian;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.nn.Noise;
import org.vaepriors.nn.SdMath;
import org.vaepriors.prior.AbstractPrior;
import org.vaepriors.prior.EvaluationInputs;
import org.vaepriors.prior.LogDensity;
import org.vaepriors.prior.Mixture;
import org.vaepriors.prior.PriorContext;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.prior.StepHooks;
import org.vaepriors.prior.TrainingBatch;

/**
 * The Exemplar prior: a mixture of Gaussians centred on the encodings of the N training exemplars,
 * p(z | X) = (1/N) sum_n N(z; mu(x_n), sigma^2 I), with one learned log sigma^2 and the model's own encoder
 * mean mu(.) applied to the grey-level training images.
 *
 * <pre>
 * Norouzi, Fleet &amp; Norouzi, Exemplar VAE: Linking Generative Models, Nearest Neighbor Retrieval, and
 * Data Augmentation, NeurIPS 2020 (and its supplement, Algorithm 1).
 * </pre>
 *
 * <p>Evaluation (validation and test ELBO, importance-weighted log-likelihood) uses the exact mixture over
 * all N exemplars: their means are encoded once per parameter state and fed as a placeholder.
 *
 * <p>Training uses the paper's two regularisers: <em>leave-one-out</em> (example i's own exemplar is
 * excluded and the mixture's denominator reduced by the number of excluded entries) and <em>exemplar
 * sub-sampling</em> (each step draws M of the N exemplars). In {@link Mode#EXACT} the M drawn exemplars are
 * encoded with gradients. In {@link Mode#RETRIEVAL} (the default) a cache of mu(x_n), refreshed at every
 * epoch start, finds each example's k nearest drawn exemplars; only their union is encoded with gradients
 * (and written back to the cache). The mixture over the union keeps the denominator M minus the
 * leave-one-out matches, as Algorithm 1 does (m(z) = (1/M) sum over the kNN): a sum over a subset of the
 * drawn components, hence a lower bound on the exact sub-sampled mixture. (MATH.md writes the denominator
 * as |union| minus the matches; with that, the retrieval mixture would exceed the exact one whenever the
 * union is smaller than M, and would not be a bound.)
 */
public final class ExemplarPrior extends AbstractPrior<ExemplarPrior.Spec> implements StepHooks, EvaluationInputs, Mixture {
    static final String LOG_VAR = "prior/exemplar/logVar";
    static final String IMAGES = "prior/exemplar/images";
    static final String MEANS = "prior/exemplar/means";
    static final String ALL_MEANS = "prior/exemplar/allMeans";
    static final String ALL_MEANS_T = "prior/exemplar/allMeansTransposed";
    static final String MASK = "prior/exemplar/mask";
    static final String LOG_COUNT = "prior/exemplar/logCount";
    /** Added to the log-density of excluded components: exp underflows to exactly 0. */
    static final double EXCLUDED = -1e9;
    /** Images per forward pass when encoding all exemplars. */
    private static final int ENCODE_BATCH = 1000;
    /** The retrieved set is padded to a multiple of this many components (see {@link #trainingFeed}). */
    static final int PAD = 128;

    /** How the training mixture is formed. */
    public enum Mode {
        /** the M drawn exemplars, all re-encoded with gradients (costly; small N and tests) */
        EXACT,
        /** the union of each example's k nearest drawn exemplars (supplement, Algorithm 1) */
        RETRIEVAL
    }

    /**
     * @param mode              exact or retrieval
     * @param subsampleFraction M / N, the share of exemplars drawn per step, in (0, 1] (paper 0.5)
     * @param neighbours        k, nearest neighbours per example in retrieval mode (paper 10)
     */
    public record Spec(Mode mode, double subsampleFraction, int neighbours) implements PriorSpec<ExemplarPrior> {
        /** Validates the fields. */
        public Spec {
            Objects.requireNonNull(mode, "mode");
            if (!(subsampleFraction > 0 && subsampleFraction <= 1)) {
                throw new IllegalArgumentException("subsampleFraction (M/N) must be in (0, 1], got " + subsampleFraction);
            }
            if (neighbours < 1) {
                throw new IllegalArgumentException("neighbours (k) must be >= 1, got " + neighbours);
            }
        }

        /** @return the paper's setting: retrieval with k = 10, M = N/2 */
        public static Spec paper() {
            return new Spec(Mode.RETRIEVAL, 0.5, 10);
        }

        /**
         * @param fraction M / N
         * @return exact training over M = fraction N re-encoded exemplars
         */
        public static Spec exact(double fraction) {
            return new Spec(Mode.EXACT, fraction, 10);
        }

        /**
         * @param n N, the number of exemplars
         * @return M, the exemplars drawn per step
         */
        public int exemplarsPerStep(int n) {
            return Math.max(1, (int) Math.round(n * subsampleFraction));
        }

        /**
         * @return exact: the M drawn exemplars; retrieval: the union, at most k per example, and the batch's
         * queries and own exemplars encoded for the search
         */
        @Override
        public int encodedRowsPerStep(int batchSize, int trainingImages) {
            int m = exemplarsPerStep(trainingImages);
            return mode == Mode.EXACT ? m : Math.min(m, neighbours * batchSize) + 2 * batchSize;
        }

        @Override
        public ExemplarPrior create(PriorContext ctx) {
            return new ExemplarPrior(this, ctx);
        }

        @Override
        public String label() {
            String m = subsampleFraction == 1 ? "M=N" : "M=" + subsampleFraction + "N";
            return mode == Mode.RETRIEVAL ? "Exemplar (kNN k=" + neighbours + ", " + m + ")" : "Exemplar (exact, " + m + ")";
        }
    }

    private final Spec spec;
    private final SameDiff sd;
    private final DataType dtype;
    private final ImageSet exemplars;
    private final SDVariable logVar;
    private final SDVariable trainingMeans;
    /** Runs the encodings of exemplars (cache refresh, queries, evaluation means): fixed chunk shapes repeat. */
    private final GraphEngine engine;
    private INDArray allMeans;
    private INDArray allMeansTransposed;
    private NearestNeighbours cache;
    private int[] drawn;
    private long retrievalNanos;
    private long queryEncodingNanos;
    private long searchNanos;
    private long retrievalFlops;
    private long retrievedComponents;
    private long refreshNanos;
    private int[] union;
    /** The retrieval's encoder input, batch then own exemplars, and its array (see {@link #queriesAndOwn}). */
    private float[] queryImages;
    private INDArray queryFeed;
    /** The training feed's images and mask, by batch size and padded mixture size (see {@link #trainingFeed}). */
    private final Map<List<Integer>, FeedArrays> feedArrays = new HashMap<>();

    private ExemplarPrior(Spec spec, PriorContext ctx) {
        super(spec, ctx.latentDim());
        this.spec = spec;
        this.sd = ctx.layers().sd();
        this.dtype = ctx.layers().dtype();
        this.engine = new GraphEngine(sd);
        this.exemplars = ctx.trainingImages("the Exemplar prior");
        if (exemplars.size() < 1) {
            throw new IllegalArgumentException("the Exemplar prior needs at least one training image");
        }
        logVar = sd.var(LOG_VAR, Nd4j.scalar(dtype, 0.0));
        SDVariable images = sd.placeHolder(IMAGES, dtype, -1, exemplars.dim());
        Function<SDVariable, Gaussian> encoder = ctx.encoder("the Exemplar prior");
        trainingMeans = encoder.apply(images).mean().rename(MEANS);
    }

    @Override
    public LogDensity logDensity(SameDiff sd, SDVariable z, SDVariable logQ) {
        // exact: all N exemplar means, encoded outside the graph once per parameter state (and fed transposed
        // too, so that no pass copies them)
        SDVariable means = sd.placeHolder(ALL_MEANS, dtype, -1, latentDim());
        SDVariable meansTransposed = sd.placeHolder(ALL_MEANS_T, dtype, latentDim(), -1);
        SDVariable all = SdMath.isotropicComponentLogDensities(sd, z, means, meansTransposed, logVar, latentDim());
        SDVariable exact = SdMath.mixtureLogDensity(sd, all, exemplars.size());
        // training: the step's exemplars encoded with gradients, leave-one-out mask and per-row denominators.
        // Of its ~900 components a few carry weight: SdMath.logSumExpOfFewTerms keeps the far ones' exp, and the
        // gradients it multiplies, from going subnormal (about 100x slower arithmetic). Same value; gradient
        // terms below e^-50 of the largest are dropped (BENCHMARKS.md, step 8).
        SDVariable comp = SdMath.isotropicComponentLogDensities(sd, z, trainingMeans, logVar, latentDim());
        SDVariable mask = sd.placeHolder(MASK, dtype, -1, -1);
        SDVariable logCount = sd.placeHolder(LOG_COUNT, dtype, -1);
        return new LogDensity(exact, SdMath.logSumExpOfFewTerms(sd, comp.add(mask), 1).sub(logCount));
    }

    @Override
    public int components() {
        return exemplars.size();
    }

    @Override
    public Map<String, INDArray> trainingFeed(TrainingBatch batch) {
        int n = exemplars.size();
        int m = spec.exemplarsPerStep(n);
        if (m < 2) {
            throw new IllegalArgumentException("the Exemplar prior draws M = " + m + " of N = " + n + " exemplars per step;"
                    + " training needs M >= 2: use more training images or a larger subsampleFraction");
        }
        int[] own = batch.indices();
        drawn = Permutations.sample(n, m, batch.rng());
        if (spec.mode() == Mode.EXACT) {
            union = drawn;
        } else {
            long t0 = System.nanoTime();
            long f0 = ProductFlops.total();
            union = retrieve(batch, drawn);
            retrievalNanos += System.nanoTime() - t0;
            retrievalFlops += ProductFlops.total() - f0;
            retrievedComponents += union.length;
        }
        // The engine replays the training graph only for placeholder shapes it has traced (GraphEngine), and the
        // union's size changes at every step: in retrieval mode it is padded up to a multiple of PAD with copies
        // of its first exemplar that the mask excludes (EXCLUDED: their exp underflows to exactly 0, so the
        // mixture's value and gradient are unchanged; their encodings are computed and ignored).
        int[] components = spec.mode() == Mode.EXACT ? union
                : java.util.Arrays.copyOf(union, Math.min(drawn.length, PAD * ((union.length + PAD - 1) / PAD)));
        for (int j = union.length; j < components.length; j++) {
            components[j] = union[0];
        }
        int rows = (int) batch.x().size(0);
        LeaveOneOut loo = LeaveOneOut.of(own, union, drawn, rows);
        FeedArrays arrays = feedArrays.computeIfAbsent(List.of(rows, components.length),
                key -> new FeedArrays(key.get(0), key.get(1), exemplars.dim()));
        // the mask in float, padded: 0 and -1e9 are the same in float as in double
        float[] mask = arrays.mask();
        for (int i = 0; i < rows; i++) {
            int row = i * components.length;
            for (int j = 0; j < components.length; j++) {
                mask[row + j] = j < union.length ? (float) loo.mask()[i * union.length + j] : (float) EXCLUDED;
            }
        }
        for (int j = 0; j < components.length; j++) {
            exemplars.copyImage(components[j], arrays.images(), j * exemplars.dim());
        }
        arrays.write();
        Map<String, INDArray> f = new HashMap<>();
        f.put(IMAGES, arrays.imageFeed().castTo(dtype));
        f.put(MASK, arrays.maskFeed().castTo(dtype));
        f.put(LOG_COUNT, Nd4j.create(loo.logCount(), new long[]{loo.rows()}, 'c').castTo(dtype));
        return f;
    }

    /**
     * The arrays of a training feed of one batch size and mixture size, written anew at every step. Why: a
     * fresh native [896, 784] image array per step took 2 ms of the VAE's 42 ms step (its allocation, not the
     * copy); a step's feed is read only within the step (the engine copies it into its plan's buffers).
     */
    private record FeedArrays(float[] images, INDArray imageFeed, float[] mask, INDArray maskFeed) {
        FeedArrays(int rows, int components, int dim) {
            this(new float[components * dim], Nd4j.create(DataType.FLOAT, components, dim), new float[rows * components],
                    Nd4j.create(DataType.FLOAT, rows, components));
        }

        /** Copies {@link #images} and {@link #mask} into the feed's arrays. */
        void write() {
            HostArrays.write(images, imageFeed);
            HostArrays.write(mask, maskFeed);
        }
    }

    /**
     * Leave-one-out for a batch: example i's mixture excludes every component that is exemplar i (duplicates
     * included) and its denominator is the number of drawn exemplars minus those that are exemplar i.
     *
     * @param mask     {@code [B * U]} 0 or {@link #EXCLUDED}, row-major
     * @param logCount {@code [B]} log of each example's denominator
     * @param rows     B
     */
    record LeaveOneOut(double[] mask, double[] logCount, int rows) {
        /**
         * @param own        the examples' exemplar indices, or null (no leave-one-out)
         * @param components the exemplar index of each mixture component, {@code [U]}
         * @param drawn      the exemplars drawn for the step (the denominator's population), {@code [M]}
         * @param rows       B
         * @return the mask and counts
         * @throws IllegalStateException if an example would be left with no exemplar
         */
        static LeaveOneOut of(int[] own, int[] components, int[] drawn, int rows) {
            int u = components.length;
            double[] mask = new double[rows * u];
            double[] logCount = new double[rows];
            Map<Integer, Integer> drawnCount = own == null ? Map.of() : occurrences(drawn, own);
            for (int i = 0; i < rows; i++) {
                int left = drawn.length - (own == null ? 0 : drawnCount.get(own[i]));
                if (left < 1) {
                    throw new IllegalStateException("leave-one-out removed every exemplar of a step (M = " + drawn.length
                            + "): use at least 2 exemplars and a larger subsampleFraction");
                }
                logCount[i] = Math.log(left);
                for (int j = 0; own != null && j < u; j++) {
                    if (components[j] == own[i]) {
                        mask[i * u + j] = EXCLUDED;
                    }
                }
            }
            return new LeaveOneOut(mask, logCount, rows);
        }
    }

    /**
     * Algorithm 1: write the batch's means into the cache, then the union over the batch of each example's
     * k nearest drawn exemplars (its own index excluded: leave-one-out would mask it anyway).
     */
    private int[] retrieve(TrainingBatch batch, int[] drawn) {
        if (cache == null) {
            beginEpoch(0);
        }
        int[] own = batch.indices();
        int b = (int) batch.x().size(0);
        long t0 = System.nanoTime();
        // one pass encodes the queries (the binarised batch) and, in training, the batch's grey exemplars for the cache
        INDArray encoded = encode(own == null ? batch.x() : queriesAndOwn(batch.x(), own));
        queryEncodingNanos += System.nanoTime() - t0;
        INDArray queries = own == null ? encoded : encoded.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
        if (own != null) {
            cache.update(own, encoded.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all()));
        }
        int k = Math.min(spec.neighbours() + (own == null ? 0 : 1), drawn.length);
        long t1 = System.nanoTime();
        int[][] nn = cache.search(queries, k, drawn);
        searchNanos += System.nanoTime() - t1;
        int[] found = new int[nn.length * spec.neighbours() + 2];
        int size = 0;
        for (int i = 0; i < nn.length; i++) {
            int taken = 0;
            for (int c : nn[i]) {
                if ((own == null || c != own[i]) && taken < spec.neighbours()) {
                    found[size++] = c;
                    taken++;
                }
            }
        }
        int[] set = IntStream.of(found).limit(size).sorted().distinct().toArray();
        if (set.length < 2) {
            // SameDiff cannot reduce over a dimension of size 1 (STACK.md); another drawn exemplar keeps the
            // mixture a sum over a subset of the drawn ones, so still a lower bound
            return IntStream.concat(IntStream.of(set), IntStream.of(drawn)).distinct().limit(2).sorted().toArray();
        }
        return set;
    }

    /**
     * @return the batch's rows, then its own exemplars' grey images, {@code [2B, P]}. In float, written into an
     * array kept per batch size: a concat of two fresh native arrays took 1.4 ms of the 40 ms step.
     */
    private INDArray queriesAndOwn(INDArray x, int[] own) {
        if (dtype != DataType.FLOAT || !HostArrays.isBlock(x)) {
            return Nd4j.concat(0, x.castTo(dtype), images(own));
        }
        int p = exemplars.dim();
        if (queryImages == null || queryImages.length != 2 * own.length * p) {
            queryImages = new float[2 * own.length * p];
            queryFeed = Nd4j.create(DataType.FLOAT, 2L * own.length, p);
        }
        HostArrays.read(x, queryImages);
        for (int i = 0; i < own.length; i++) {
            exemplars.copyImage(own[i], queryImages, (own.length + i) * p);
        }
        HostArrays.write(queryImages, queryFeed);
        return queryFeed;
    }

    @Override
    public List<String> stepOutputs() {
        return spec.mode() == Mode.RETRIEVAL ? List.of(MEANS) : List.of();
    }

    @Override
    public void afterStep(Map<String, INDArray> outputs) {
        if (spec.mode() == Mode.RETRIEVAL && union != null) {
            long t0 = System.nanoTime();
            INDArray means = outputs.get(MEANS); // the union's rows first, then the padding's
            cache.update(union, means.size(0) == union.length ? means
                    : means.get(NDArrayIndex.interval(0, union.length), NDArrayIndex.all()));
            retrievalNanos += System.nanoTime() - t0;
        }
    }

    /** Refreshes the retrieval cache with every exemplar's current mean. */
    @Override
    public void beginEpoch(int epoch) {
        if (spec.mode() == Mode.RETRIEVAL) {
            long t0 = System.nanoTime();
            cache = new ExactNearestNeighbours(allMeans());
            refreshNanos += System.nanoTime() - t0;
        }
    }

    @Override
    public void parametersChanged() {
        allMeans = null;
        allMeansTransposed = null;
    }

    @Override
    public Map<String, INDArray> evaluationFeed() {
        if (allMeansTransposed == null) {
            allMeansTransposed = allMeans().transpose().dup('c');
        }
        return Map.of(ALL_MEANS, allMeans(), ALL_MEANS_T, allMeansTransposed);
    }

    @Override
    public INDArray sample(int n, RandomGenerator rng) {
        int[] pick = new int[n];
        for (int i = 0; i < n; i++) {
            pick[i] = rng.nextInt(exemplars.size());
        }
        return sampleAround(allMeans().getRows(pick), rng);
    }

    /**
     * z ~ N(mu, sigma^2 I) around given exemplar means.
     *
     * @param means {@code [n, d]}
     * @param rng   the generator
     * @return {@code [n, d]}
     */
    public INDArray sampleAround(INDArray means, RandomGenerator rng) {
        double sigma = Math.exp(0.5 * logVariance());
        return Noise.gaussian((int) means.size(0), latentDim(), rng, dtype).muli(sigma).addi(means.castTo(dtype));
    }

    /**
     * @return seconds spent so far in retrieval during training steps: encoding the batch's queries and
     * exemplars, cache writes, nearest-neighbour search, the union (the encoding with gradients is not in it)
     */
    public double retrievalSeconds() {
        return retrievalNanos / 1e9;
    }

    /** @return seconds of {@link #retrievalSeconds} spent encoding the batch's queries and own exemplars */
    public double queryEncodingSeconds() {
        return queryEncodingNanos / 1e9;
    }

    /** @return seconds of {@link #retrievalSeconds} spent in the nearest-neighbour search */
    public double searchSeconds() {
        return searchNanos / 1e9;
    }

    /** @return the sizes of the retrieved unions (the training mixture's components, before padding) summed over steps */
    public long retrievedComponents() {
        return retrievedComponents;
    }

    /** @return the floating-point operations of retrieval's matrix products so far (the same parts, {@link ProductFlops}) */
    public long retrievalFlops() {
        return retrievalFlops;
    }

    /** @return seconds spent so far refreshing the cache at epoch starts (encoding all N exemplars) */
    public double refreshSeconds() {
        return refreshNanos / 1e9;
    }

    /** @return log sigma^2, the shared log-variance of the components */
    public double logVariance() {
        return sd.getArrForVarName(LOG_VAR).getDouble(0);
    }

    /** @return the exemplars, the grey training images */
    public ImageSet exemplars() {
        return exemplars;
    }

    /**
     * @param images {@code [n, P]} images in [0, 1] (grey or binary)
     * @return their encoder means mu(x), {@code [n, d]}, in batches
     */
    public INDArray encode(INDArray images) {
        long n = images.size(0);
        if (n <= ENCODE_BATCH) {
            return engine.output(Map.of(IMAGES, images.castTo(dtype)), MEANS).get(MEANS);
        }
        INDArray out = Nd4j.create(dtype, n, latentDim());
        for (long from = 0; from < n; from += ENCODE_BATCH) {
            long to = Math.min(n, from + ENCODE_BATCH);
            INDArray chunk = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                    .assign(engine.output(Map.of(IMAGES, chunk.castTo(dtype)), MEANS).get(MEANS));
        }
        return out;
    }

    /** @return every exemplar's mean under the current parameters, {@code [N, d]}, computed once per state */
    public INDArray allMeans() {
        if (allMeans == null) {
            // chunk by chunk from the image set: its pixels are bytes, and all N as floats would be 157 MB
            int n = exemplars.size();
            allMeans = Nd4j.create(dtype, n, latentDim());
            for (int from = 0; from < n; from += ENCODE_BATCH) {
                int to = Math.min(n, from + ENCODE_BATCH);
                INDArray chunk = HostArrays.floats(exemplars.images(from, to), to - from, exemplars.dim());
                allMeans.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(encode(chunk));
                chunk.close();
            }
        }
        return allMeans;
    }

    private INDArray images(int[] rows) {
        return HostArrays.floats(exemplars.images(rows), rows.length, exemplars.dim()).castTo(dtype);
    }

    /** How often each of {@code wanted} occurs in {@code values}, in one pass over them. */
    private static Map<Integer, Integer> occurrences(int[] values, int[] wanted) {
        Map<Integer, Integer> count = new HashMap<>();
        int max = 0;
        for (int w : wanted) {
            count.put(w, 0);
            max = Math.max(max, w);
        }
        boolean[] isWanted = new boolean[max + 1];
        for (int w : wanted) {
            isWanted[w] = true;
        }
        for (int v : values) {
            if (v >= 0 && v <= max && isWanted[v]) {
                count.merge(v, 1, Integer::sum);
            }
        }
        return count;
    }

    /** @return the indices of the exemplars in the last training step's mixture (for tests and diagnostics) */
    int[] lastUnion() {
        return union == null ? new int[0] : union.clone();
    }

    /** @return the exemplars drawn for the last training step (for tests) */
    int[] lastDrawn() {
        return drawn == null ? new int[0] : drawn.clone();
    }

    /** @return the retrieval cache (for tests), or null before the first epoch */
    NearestNeighbours cache() {
        return cache;
    }
}

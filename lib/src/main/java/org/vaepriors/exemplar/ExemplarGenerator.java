package org.vaepriors.exemplar;

import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.data.ImageSet;
import org.vaepriors.model.VaeModel;
import org.vaepriors.nn.HostArrays;

/**
 * Generation with an Exemplar VAE (Norouzi et al. 2020, section 3): pick an exemplar x_n, draw
 * z ~ r(z | x_n) = N(mu(x_n), sigma^2 I), decode. Images are the decoder's Bernoulli means.
 */
public final class ExemplarGenerator {
    private final VaeModel<ExemplarPrior> model;
    private final ExemplarPrior prior;

    /** @param model a model with an {@link ExemplarPrior} */
    public ExemplarGenerator(VaeModel<ExemplarPrior> model) {
        this.model = Objects.requireNonNull(model, "model");
        this.prior = model.prior();
    }

    /**
     * Exemplar-conditioned samples: {@code perExemplar} draws around each given exemplar.
     *
     * @param exemplars   {@code [n, P]} images in [0, 1]
     * @param perExemplar samples per exemplar
     * @param rng         the generator
     * @return {@code [n * perExemplar, P]}, exemplar by exemplar
     */
    public INDArray conditioned(INDArray exemplars, int perExemplar, RandomGenerator rng) {
        if (perExemplar < 1) {
            throw new IllegalArgumentException("perExemplar must be >= 1, got " + perExemplar);
        }
        INDArray means = prior.encode(exemplars);
        int n = (int) means.size(0);
        int[] rows = new int[n * perExemplar];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / perExemplar;
        }
        return model.decode(prior.sampleAround(means.getRows(rows), rng), rng);
    }

    /**
     * For figures: each exemplar followed by its samples, one row per exemplar (supplement, Fig. 2).
     *
     * @param exemplars   {@code [n, P]} images in [0, 1]
     * @param perExemplar samples per exemplar
     * @param rng         the generator
     * @return {@code [n * (perExemplar + 1), P]}
     */
    public INDArray conditionedRows(INDArray exemplars, int perExemplar, RandomGenerator rng) {
        INDArray samples = conditioned(exemplars, perExemplar, rng);
        int n = (int) exemplars.size(0);
        INDArray out = Nd4j.create(samples.dataType(), (long) n * (perExemplar + 1), exemplars.size(1));
        for (int i = 0; i < n; i++) {
            out.putRow((long) i * (perExemplar + 1), exemplars.getRow(i).castTo(samples.dataType()));
            for (int j = 0; j < perExemplar; j++) {
                out.putRow((long) i * (perExemplar + 1) + 1 + j, samples.getRow((long) i * perExemplar + j));
            }
        }
        return out;
    }

    /**
     * @param exemplars   images from an {@link ImageSet}
     * @param perExemplar samples per exemplar
     * @param rng         the generator
     * @return {@code [n * perExemplar, P]}
     */
    public INDArray conditioned(ImageSet exemplars, int perExemplar, RandomGenerator rng) {
        return conditioned(HostArrays.floats(exemplars.pixels(), exemplars.size(), exemplars.dim()),
                perExemplar, rng);
    }

    /**
     * Unconditional samples: a uniformly random training exemplar each, then as {@link #conditioned}.
     *
     * @param n   how many
     * @param rng the generator
     * @return {@code [n, P]}
     */
    public INDArray unconditional(int n, RandomGenerator rng) {
        return model.sample(n, rng);
    }

    /**
     * Iterative generation: each generated image becomes the next exemplar.
     *
     * @param start {@code [1, P]} the first exemplar (a training image, or noise)
     * @param steps how many generations
     * @param rng   the generator
     * @return {@code [steps + 1, P]}: the start, then each generation
     */
    public INDArray iterate(INDArray start, int steps, RandomGenerator rng) {
        if (start.rank() != 2 || start.size(0) != 1) {
            throw new IllegalArgumentException("start must be one image, [1, P]; got " + java.util.Arrays.toString(start.shape()));
        }
        INDArray out = Nd4j.create(start.dataType(), steps + 1, start.size(1));
        INDArray current = start;
        out.putRow(0, start);
        for (int s = 1; s <= steps; s++) {
            current = conditioned(current, 1, rng);
            out.putRow(s, current.castTo(start.dataType()));
        }
        return out;
    }
}

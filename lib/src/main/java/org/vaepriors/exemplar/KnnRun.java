package org.vaepriors.exemplar;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageDataset;
import org.vaepriors.data.ImageSet;
import org.vaepriors.eval.Evaluator;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.Profile;
import org.vaepriors.experiment.Provenance;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.experiment.RunContext;
import org.vaepriors.experiment.RunResult;
import org.vaepriors.experiment.VaeResult;
import org.vaepriors.experiment.VaeRun;
import org.vaepriors.model.VaeModel;
import org.vaepriors.train.Outcome;

/**
 * Nearest-neighbour classification in a trained VAE's latent space (Exemplar VAE, section 5) as a run: the
 * training images (the exemplars) and test images are encoded to their posterior means, and each test image
 * takes the majority label of its k nearest training means, for several k. Grey images are encoded for both.
 *
 * @param model      the trained VAE run
 * @param ks         the values of k
 * @param testImages test images classified (the first ones)
 */
public record KnnRun(VaeRun<?> model, List<Integer> ks, int testImages)
        implements RunConfig<KnnRun.Result, VaeModel<?>> {

    /** Validates the fields. */
    public KnnRun {
        Objects.requireNonNull(model, "model");
        ks = List.copyOf(ks);
        if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 1) || testImages < 1) {
            throw new IllegalArgumentException("need k >= 1 (at least one) and testImages >= 1, got " + ks + ", " + testImages);
        }
    }

    /**
     * The classification's accuracy.
     *
     * @param config     the config
     * @param knn        accuracy per k
     * @param outcome    the model's training outcome
     * @param provenance where it came from
     */
    public record Result(KnnRun config, KnnClassification knn, Outcome outcome, Provenance provenance) implements RunResult {
        /** @return the error rate averaged over the values of k */
        public double meanError() {
            double s = 0;
            for (double a : knn.accuracy()) {
                s += 1 - a;
            }
            return s / knn.accuracy().length;
        }

        /** @return false for a result saved before the per-image errors (it is computed again, quickly) */
        @Override
        public boolean complete() {
            return knn.errorPerImage() != null;
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "kNN error %.2f%% (mean over k = %s), %d test images", 100 * meanError(),
                    config.ks(), knn.n());
        }
    }

    @Override
    public Profile profile() {
        return model.profile();
    }

    @Override
    public long seed() {
        return model.seed();
    }

    @Override
    public String label() {
        return model.label() + "-knn";
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    @Override
    public KnnRun scaled(Knobs knobs) {
        return new KnnRun(model.scaled(knobs), ks, testImages);
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return List.of(model);
    }

    @Override
    public Result execute(RunContext ctx) {
        ExperimentRunner.Run<VaeResult, ? extends VaeModel<?>> run = ctx.dependency(model);
        long t0 = System.nanoTime();
        VaeModel<?> m = run.model();
        ImageDataset data = Datasets.load(model.dataset().id());
        ImageSet train = model.trainingImages(data);
        ImageSet test = data.test().limit(testImages);
        KnnClassification knn = KnnClassification.of(Evaluator.posteriorMeans(m, train), train.labels(),
                Evaluator.posteriorMeans(m, test), test.labels(), ks.stream().mapToInt(Integer::intValue).toArray());
        return new Result(this, knn, run.result().outcome(),
                ctx.provenance(this, data.provenance(), 0, (System.nanoTime() - t0) / 1e9));
    }

    @Override
    public VaeModel<?> load(Path dir, Result result) {
        return model.load(ExperimentRunner.runDir(model), null);
    }
}

package org.vaepriors.lars;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaepriors.data.Datasets;
import org.vaepriors.data.ImageSet;
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
 * LARS section D.8 as a run: a VAE with a 2-D latent and a resampled prior, its densities on a square grid,
 * and the KL from the aggregate posterior q(z) = (1/N) sum_n q(z|x_n) to the proposal and to the resampled
 * prior, by quadrature on the grid (the paper: 0.4 for the proposal, about 0.15-0.2 for LARS).
 *
 * @param model  the VAE run (latent dimension 2, a LARS prior; usually fitted post hoc)
 * @param lo     the grid's lower bound on both axes
 * @param hi     its upper bound
 * @param cells  cells per side
 * @param images training images whose posteriors form q(z)
 * @param seed   their binarisation
 */
public record LatentPlaneRun(VaeRun<ResampledPrior> model, double lo, double hi, int cells, int images, long seed)
        implements RunConfig<LatentPlaneRun.Result, VaeModel<ResampledPrior>> {

    /** Validates the fields. */
    public LatentPlaneRun {
        Objects.requireNonNull(model, "model");
        if (model.architecture().latentDim() != 2) {
            throw new IllegalArgumentException("the latent plane is drawn for a 2-D latent, this model has "
                    + model.architecture().latentDim());
        }
        if (!(hi > lo) || cells < 2 || images < 1) {
            throw new IllegalArgumentException("need lo < hi, cells >= 2, images >= 1; got " + lo + ", " + hi + ", " + cells
                    + ", " + images);
        }
    }

    /**
     * The quadrature KLs.
     *
     * @param config     the config
     * @param klProposal KL(q(z) || N(0, I)) on the grid, nats
     * @param klPrior    KL(q(z) || p_T(z)) on the grid, nats
     * @param outcome    the model's training outcome
     * @param provenance where it came from
     */
    public record Result(LatentPlaneRun config, double klProposal, double klPrior, Outcome outcome,
                         Provenance provenance) implements RunResult {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "KL(aggregate posterior || N(0, I)) = %.3f nats, KL(aggregate posterior || "
                    + "LARS) = %.3f nats", klProposal, klPrior);
        }
    }

    /**
     * The grid's densities, for figures: the aggregate posterior, the proposal, log a(z) and the prior.
     *
     * @param vae the trained model
     * @return log q(z), log N(z; 0, I), log a(z), log p_T(z) at the grid's cell centres
     */
    public List<double[]> maps(VaeModel<ResampledPrior> vae) {
        INDArray grid = LatentMaps.grid(lo, hi, cells);
        return List.of(LatentMaps.aggregatePosterior(vae, aggregateImages(), grid), LatentMaps.standardNormal(grid),
                LatentMaps.logAcceptance(grid, vae.prior()), vae.prior().logDensity(grid));
    }

    private ImageSet aggregateImages() {
        return model.trainingImages(Datasets.load(model.dataset().id())).limit(images).binarized(seed);
    }

    @Override
    public Profile profile() {
        return model.profile();
    }

    @Override
    public String label() {
        return model.label() + "-latent-plane";
    }

    @Override
    public Class<Result> resultType() {
        return Result.class;
    }

    @Override
    public LatentPlaneRun scaled(Knobs knobs) {
        return new LatentPlaneRun(model.scaled(knobs), lo, hi, cells, images, seed);
    }

    @Override
    public List<RunConfig<?, ?>> dependencies() {
        return List.of(model);
    }

    @Override
    public Result execute(RunContext ctx) {
        ExperimentRunner.Run<VaeResult, VaeModel<ResampledPrior>> run = ctx.dependency(model);
        long t0 = System.nanoTime();
        List<double[]> m = maps(run.model());
        double klProposal = LatentMaps.klOnGrid(m.get(0), m.get(1));
        double klPrior = LatentMaps.klOnGrid(m.get(0), m.get(3));
        return new Result(this, klProposal, klPrior, run.result().outcome(),
                ctx.provenance(this, run.result().provenance().data(), 0, (System.nanoTime() - t0) / 1e9));
    }

    @Override
    public VaeModel<ResampledPrior> load(Path dir, Result result) {
        return model.load(ExperimentRunner.runDir(model), null);
    }
}

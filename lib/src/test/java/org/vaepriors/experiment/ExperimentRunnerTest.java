package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.io.Json;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.model.VaeModel;
import org.vaepriors.ncp.ContinuousVae;
import org.vaepriors.ncp.ContinuousVaeTrainer;
import org.vaepriors.ncp.NcpRun;
import org.vaepriors.ncp.NcpVaeRun;
import org.vaepriors.ncp.NoiseContrastivePrior;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.SharedData;
import org.vaepriors.train.Listener;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.vampprior.VampPrior;

/** A small run on the offline MNIST subset: run folder contents, caching, provenance. */
class ExperimentRunnerTest {
    @TempDir
    Path results;
    Path data;

    @BeforeEach
    void setUp() {
        data = SharedData.dir();
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.MNIST_10K));
        System.setProperty("vaepriors.results", results.toString());
        System.setProperty("vaepriors.data", data.toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("vaepriors.results");
        System.clearProperty("vaepriors.data");
    }

    @Test
    void aRunIsWrittenOnceAndThenReused() throws Exception {
        VaeRun<VampPrior> cfg = VaeRun.builder().profile(Profile.SMOKE).dataset(new DatasetSpec(DatasetId.MNIST_10K, 300))
                .architecture(new ArchitectureSpec(ArchitectureSpec.Kind.VAE, 28, 28, 4, 16)).prior(VampPrior.Spec.of(5))
                .train(new TrainSpec(2, 1, 5, 100, 1e-3)).eval(new EvalSpec(5, 50)).seed(2).build();
        ExperimentRunner.Run<VaeResult, VaeModel<VampPrior>> first = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE),
                Listener.NONE);
        Path dir = first.dir();
        assertTrue(dir.getFileName().toString().startsWith("smoke-mnist-10k-vae-vampprior-k-5-" + cfg.id()));
        for (String f : new String[]{"config.json", "log.csv", "result.json", "checkpoints/best.ckpt", "checkpoints/last.ckpt"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        VaeResult r = first.result();
        assertEquals(2, r.history().size());
        assertEquals(50, r.metrics().testImages());
        assertEquals(50, r.metrics().logLikelihoods().length);
        assertTrue(r.metrics().nll() > 0 && r.metrics().nll() < 784 * Math.log(2) * 1.5, "a plausible NLL: " + r.metrics().nll());
        assertTrue(r.provenance().scaledDown());
        assertEquals(cfg.sha256(), r.provenance().configSha256());
        assertEquals(cfg, Json.read(dir.resolve("config.json"), RunConfig.class));

        long stamp = Files.getLastModifiedTime(dir.resolve("result.json")).toMillis();
        ExperimentRunner.Run<VaeResult, VaeModel<VampPrior>> again = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE),
                new Listener() {
                    @Override
                    public void step(int epoch, int step, int steps, double loss) {
                        throw new AssertionError("a finished run is not trained again");
                    }
                });
        assertEquals(stamp, Files.getLastModifiedTime(dir.resolve("result.json")).toMillis());
        assertEquals(r.metrics().nll(), again.result().metrics().nll(), 0.0);
        // the trained model comes back from its best checkpoint
        assertEquals(first.model().parameterCount(), again.model().parameterCount());
    }

    @Test
    void aPostHocRunFreezesItsBaseAndRunsAgainFromItsConfigJson() {
        VaeRun<StandardGaussianPrior> base = VaeRun.builder().profile(Profile.SMOKE)
                .dataset(new DatasetSpec(DatasetId.MNIST_10K, 200, 100))
                .architecture(new ArchitectureSpec(ArchitectureSpec.Kind.VAE, 28, 28, 4, 16))
                .train(new TrainSpec(1, 0, 5, 100, 1e-3)).eval(new EvalSpec(3, 20)).seed(2).build();
        VaeRun<ResampledPrior> postHoc = base.postHoc(ResampledPrior.Spec.paperDefaults().withHidden(8)
                .withTrainingSamples(16).withEvaluationSamples(1 << 10), new TrainSpec(1, 0, 5, 100, 1e-3));
        ExperimentRunner.Run<VaeResult, VaeModel<ResampledPrior>> run = ExperimentRunner.run(postHoc, Knobs.of(Profile.SMOKE),
                Listener.NONE);
        assertTrue(ExperimentRunner.isDone(base), "the base ran first");
        ExperimentRunner.Run<VaeResult, VaeModel<StandardGaussianPrior>> baseRun = ExperimentRunner.run(base,
                Knobs.of(Profile.SMOKE), Listener.NONE);
        VaeModel<StandardGaussianPrior> frozen = baseRun.model();
        VaeModel<ResampledPrior> fitted = run.model();
        for (String name : frozen.parameterNames()) {
            assertEquals(frozen.graph().getArrForVarName(name), fitted.graph().getArrForVarName(name), name + " is frozen");
        }
        assertTrue(fitted.parameterNames().stream().anyMatch(n -> n.startsWith(VaeRun.PRIOR_PREFIX)));
        // the same encoder, decoder and test noise: the reconstruction term cannot move (LARS D.2)
        assertEquals(baseRun.result().metrics().reconstruction(), run.result().metrics().reconstruction(), 1e-9);
        assertTrue(run.result().metrics().prior().containsKey("Z"), "the evaluation stores LARS's Z");

        // config.json alone names the same run: the CLI's 'run config.json' reproduces the post-hoc run
        RunConfig<?, ?> fromFile = Json.read(run.dir().resolve("config.json"), RunConfig.class);
        assertEquals(postHoc, fromFile);
        assertEquals(run.dir(), ExperimentRunner.runDir(fromFile));
    }

    @Test
    void ncpStagesAreCachedRuns() {
        NcpRun smoke = NcpRun.of(Profile.SMOKE);
        NcpRun tiny = new NcpRun(new NcpVaeRun(Profile.SMOKE, smoke.vae().data(), new ContinuousVae.Spec(2, 2, 16, 1),
                new ContinuousVaeTrainer.Schedule(20, 32, 1e-3, 5), 200, 1),
                new NoiseContrastivePrior.Spec(new StandardGaussianPrior.Spec(), 16, 1, 20, 32, 1e-3, 200, 5), 50, 5, 100, 3.0);
        ExperimentRunner.Run<NcpRun.Result, NcpRun.Model> run = ExperimentRunner.run(tiny, Knobs.of(Profile.SMOKE), Listener.NONE);
        assertTrue(ExperimentRunner.isDone(tiny.vae()), "stage 1 is a run of its own");
        assertTrue(Double.isFinite(run.result().numbers().ncpLogLikelihood().mean()));
        assertEquals(tiny, Json.read(run.dir().resolve("config.json"), RunConfig.class));
        ExperimentRunner.Run<NcpRun.Result, NcpRun.Model> again = ExperimentRunner.run(tiny, Knobs.of(Profile.SMOKE),
                new Listener() {
                    @Override
                    public void step(int epoch, int step, int steps, double loss) {
                        throw new AssertionError("a finished stage is not trained again");
                    }
                });
        assertEquals(run.result().numbers().logZ(), again.result().numbers().logZ());
        // the loaded model carries the saved classifier: its log Z estimate reproduces from the same stream
        NcpRun.Model m = again.model();
        assertEquals(run.result().numbers().logZ().mean(), m.prior().logZ().mean(), 0.0);
    }
}

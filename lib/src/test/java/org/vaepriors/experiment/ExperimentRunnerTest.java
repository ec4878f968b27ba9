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
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.VampPrior;
import org.vaepriors.testing.SharedData;
import org.vaepriors.train.TrainSpec;
import org.vaepriors.train.Trainer;

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
        RunConfig cfg = RunConfig.builder().profile(Profile.SMOKE).dataset(new DatasetSpec(DatasetId.MNIST_10K, 300))
                .architecture(new ArchitectureSpec(ArchitectureSpec.Kind.VAE, 28, 28, 4, 16)).prior(VampPrior.Spec.of(5))
                .train(new TrainSpec(2, 1, 5, 100, 1e-3)).eval(new EvalSpec(5, 50)).seed(2).build();
        ExperimentRunner.Run first = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), Trainer.Listener.NONE);
        Path dir = first.dir();
        assertTrue(dir.getFileName().toString().startsWith("smoke-mnist-10k-vae-vampprior-k-5-" + cfg.id()));
        for (String f : new String[]{"config.json", "log.csv", "result.json", "checkpoints/best.ckpt", "checkpoints/last.ckpt"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        RunResult r = first.result();
        assertEquals(2, r.history().size());
        assertEquals(50, r.metrics().testImages());
        assertEquals(50, r.metrics().logLikelihoods().length);
        assertTrue(r.metrics().nll() > 0 && r.metrics().nll() < 784 * Math.log(2) * 1.5, "a plausible NLL: " + r.metrics().nll());
        assertTrue(r.provenance().scaledDown());
        assertEquals(cfg.sha256(), r.provenance().configSha256());
        assertEquals(cfg, Json.read(dir.resolve("config.json"), RunConfig.class));

        long stamp = Files.getLastModifiedTime(dir.resolve("result.json")).toMillis();
        ExperimentRunner.Run again = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), s -> {
            throw new AssertionError("a finished run is not trained again");
        });
        assertEquals(stamp, Files.getLastModifiedTime(dir.resolve("result.json")).toMillis());
        assertEquals(r.metrics().nll(), again.result().metrics().nll(), 0.0);
        // the trained model comes back from its best checkpoint
        assertEquals(first.model().parameterCount(), again.model().parameterCount());
    }
}

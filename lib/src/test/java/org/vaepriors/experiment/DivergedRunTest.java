package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.exemplar.PriorClaims;
import org.vaepriors.exemplar.PriorComparison;
import org.vaepriors.exemplar.PriorTables;
import org.vaepriors.io.Json;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.notebook.Tables;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.SharedData;
import org.vaepriors.train.Listener;
import org.vaepriors.train.Outcome;
import org.vaepriors.train.TrainSpec;
import tech.tablesaw.api.Table;

/**
 * A run that diverges before it finishes an epoch (learning rate 1e20 on the paper's VAE: the first update leaves
 * weights near 1e20, whose products overflow float at the second step; at a merely large rate such as 50 the
 * engine's stable log-sigmoid keeps the loss finite, only huge) is saved as diverged, with no test metrics, and
 * reported, never trained again and never shown as numbers.
 */
class DivergedRunTest {
    @TempDir
    Path results;

    @BeforeEach
    void setUp() {
        Path data = SharedData.dir();
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.MNIST_10K), "needs the offline MNIST-10k");
        System.setProperty("vaepriors.results", results.toString());
        System.setProperty("vaepriors.data", data.toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("vaepriors.results");
        System.clearProperty("vaepriors.data");
    }

    private static VaeRun<StandardGaussianPrior> diverging() {
        return VaeRun.builder().profile(Profile.SMOKE).dataset(new DatasetSpec(DatasetId.MNIST_10K, 200, 100))
                .architecture(ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE))
                .train(new TrainSpec(3, 1, 5, 100, 1e20)).eval(new EvalSpec(3, 40)).seed(1).build();
    }

    @Test
    void aRunThatDivergesBeforeAnEpochIsSavedAsDivergedWithoutMetrics() throws Exception {
        VaeRun<StandardGaussianPrior> cfg = diverging();
        ExperimentRunner.Run<VaeResult, ?> run = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), Listener.NONE);
        VaeResult r = run.result();
        Outcome.Diverged d = (Outcome.Diverged) r.outcome();
        assertEquals(1, d.epoch());
        assertEquals(0, d.bestEpoch());
        assertTrue(d.step() >= 1 && d.step() <= 2, "diverged at step " + d.step());
        assertFalse(r.hasMetrics());
        RunDivergedException e = assertThrows(RunDivergedException.class, r::metrics);
        assertTrue(e.getMessage().contains("step " + d.step()) && e.getMessage().contains(d.diagnosis()), e.getMessage());
        assertThrows(RunDivergedException.class, run::model, "no model either");

        JsonNode json = Json.mapper().readTree(run.dir().resolve(ExperimentRunner.RESULT).toFile());
        assertFalse(json.has("metrics"), "result.json holds no test metrics");
        assertEquals("diverged", json.path("outcome").path("type").asText());
        assertEquals(d.step(), json.path("outcome").path("step").asInt());
        assertEquals(d.diagnosis(), json.path("outcome").path("diagnosis").asText());

        // asked again: the same divergence, read from the run folder, not trained again
        ExperimentRunner.Run<VaeResult, ?> again = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), new Listener() {
            @Override
            public void step(int epoch, int step, int steps, double loss) {
                throw new AssertionError("a diverged run is not trained again");
            }
        });
        assertEquals(d, again.result().outcome());
        assertFalse(again.result().hasMetrics());
        assertTrue(again.result().summary().contains("diverged at epoch 1, step " + d.step()), again.result().summary());

        RunStatus status = RunStatus.of(run.dir());
        assertEquals(RunStatus.State.DIVERGED, status.state());
        assertTrue(status.detail().contains("no test metrics"), status.detail());
    }

    @Test
    void tablesShowADivergedRunWithoutNumbersAndNoClaimIsJudgedOnIt() {
        VaeResult diverged = ExperimentRunner.run(diverging(), Knobs.of(Profile.SMOKE), Listener.NONE).result();
        Table t = Tables.results(List.of(diverged));
        assertTrue(t.doubleColumn("-log p(x)").isMissing(0), "no number for a run without test metrics");
        assertTrue(t.intColumn("active units").isMissing(0));
        assertEquals("Diverged", t.stringColumn("outcome").get(0));

        List<PriorComparison.Cell> cells = PriorComparison.cells(List.of(diverged));
        assertTrue(cells.isEmpty(), "a cell whose every run diverged has no numbers to show");
        assertEquals(0, PriorTables.activeUnits(cells).rowCount());
        assertTrue(PriorClaims.activeUnits(cells).stream().allMatch(c -> c.findings().isEmpty()),
                "no claim is judged on a diverged run");
    }

    @Test
    void aResultWithoutMetricsMustBeADivergence() {
        VaeResult diverged = ExperimentRunner.run(diverging(), Knobs.of(Profile.SMOKE), Listener.NONE).result();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VaeResult(diverged.config(),
                null, diverged.history(), new Outcome.Completed(3, 3), diverged.provenance()));
        assertTrue(e.getMessage().contains("diverged before finishing an epoch"), e.getMessage());
        assertTrue(Files.exists(ExperimentRunner.runDir(diverged.config()).resolve("config.json")));
    }
}

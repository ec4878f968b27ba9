package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaepriors.data.DatasetId;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.lars.ResampledPrior;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.train.TrainSpec;

/** A plan's manifest: knobs applied, dependencies first, each run once, entries read back and checked. */
class ManifestTest {
    @TempDir
    Path dir;

    private static VaeRun<StandardGaussianPrior> base() {
        return VaeRun.builder().profile(Profile.SMOKE).dataset(new DatasetSpec(DatasetId.MNIST_10K, 200, 100))
                .architecture(new ArchitectureSpec(ArchitectureSpec.Kind.VAE, 28, 28, 4, 16))
                .train(new TrainSpec(5, 1, 5, 100, 1e-3)).eval(new EvalSpec(3, 20)).seed(2).build();
    }

    @Test
    void dependenciesComeFirstOnceAndKnobsAreApplied() {
        VaeRun<StandardGaussianPrior> base = base();
        VaeRun<ResampledPrior> postHoc = base.postHoc(ResampledPrior.Spec.paperDefaults().withHidden(8),
                new TrainSpec(5, 0, 5, 100, 1e-3));
        Knobs knobs = new Knobs(Profile.SMOKE, OptionalInt.of(2), OptionalInt.empty(), OptionalInt.empty());
        Manifest m = Manifest.write(dir, "study", knobs, List.of(postHoc, base));
        assertEquals(2, m.runs().size(), "the base is listed once, before the post-hoc run that needs it");
        RunConfig<?, ?> first = m.config(dir.resolve(Manifest.FILE), 0);
        RunConfig<?, ?> second = m.config(dir.resolve(Manifest.FILE), 1);
        assertEquals(base.scaled(knobs), first);
        assertEquals(postHoc.scaled(knobs), second);
        assertEquals(2, ((VaeRun<?>) first).train().maxEpochs(), "the knobs are in the configs, so in their ids");

        Manifest read = Manifest.read(dir.resolve(Manifest.FILE));
        assertEquals(m, read);
        assertEquals(knobs, read.knobs());
        assertEquals(ExperimentRunner.runDir(first).getFileName().toString(), read.runs().get(0).run());
    }

    @Test
    void badIndicesAndEditedConfigsAreNamed() throws Exception {
        Manifest m = Manifest.write(dir, "study", Knobs.of(Profile.SMOKE), List.of(base()));
        Path file = dir.resolve(Manifest.FILE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.config(file, 1));
        assertTrue(e.getMessage().contains("out of range") && e.getMessage().contains("--array=0-0"), e.getMessage());
        Path cfg = dir.resolve(m.runs().get(0).config());
        Files.writeString(cfg, Files.readString(cfg).replace("\"seed\" : 2", "\"seed\" : 3"));
        e = assertThrows(IllegalArgumentException.class, () -> m.config(file, 0));
        assertTrue(e.getMessage().contains("edited after planning"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Manifest.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("'plan' command"), e.getMessage());
    }
}

package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaepriors.data.DatasetId;
import org.vaepriors.data.Datasets;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.io.Json;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.StandardGaussianPrior;
import org.vaepriors.testing.ChildJvm;
import org.vaepriors.testing.SharedData;
import org.vaepriors.train.Listener;
import org.vaepriors.train.TrainSpec;

/**
 * The run lock with real processes where only they can show it: a second JVM asking for a run that is being
 * trained, a lock left by a JVM killed with SIGKILL, a run killed mid-training and taken over.
 */
class RunLockTest {
    @TempDir
    Path tmp;
    Path results;
    Path data;

    @BeforeEach
    void setUp() {
        results = tmp.resolve("results");
        data = SharedData.dir();
        System.setProperty("vaepriors.results", results.toString());
        if (data != null) {
            System.setProperty("vaepriors.data", data.toString());
        }
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("vaepriors.results");
        System.clearProperty("vaepriors.data");
    }

    private List<String> childProperties() {
        return List.of("vaepriors.results=" + results, "vaepriors.data=" + data, "lockchild.pause=2500");
    }

    /** A small VAE run; the child pauses after each epoch, so that it can be caught training. */
    private static VaeRun<StandardGaussianPrior> config(int epochs) {
        return VaeRun.builder().profile(Profile.SMOKE).dataset(new DatasetSpec(DatasetId.MNIST_10K, 500, 100))
                .architecture(new ArchitectureSpec(ArchitectureSpec.Kind.VAE, 28, 28, 4, 16))
                .train(new TrainSpec(epochs, 1, 10, 100, 1e-3)).eval(new EvalSpec(3, 40)).seed(5).build();
    }

    private void assumeData() {
        assumeTrue(data != null && Datasets.available(data).contains(DatasetId.MNIST_10K), "needs the offline MNIST-10k");
    }

    @Test
    void aSecondProcessAskingForARunBeingTrainedWaitsAndLoadsIt() throws Exception {
        assumeData();
        VaeRun<StandardGaussianPrior> cfg = config(4);
        Path file = tmp.resolve("cfg.json");
        Json.write(file, cfg);
        try (ChildJvm first = ChildJvm.start(LockChild.class, childProperties(), "run", file.toString())) {
            first.await("step", Duration.ofMinutes(2));
            try (ChildJvm second = ChildJvm.start(LockChild.class, childProperties(), "run", file.toString())) {
                second.await("run " + ExperimentRunner.runDir(cfg).getFileName() + " is being trained by pid " + first.pid(),
                        Duration.ofMinutes(1));
                assertEquals(0, first.waitFor(Duration.ofMinutes(3)), String.join("\n", first.output()));
                assertEquals(0, second.waitFor(Duration.ofMinutes(2)), String.join("\n", second.output()));
                String trained = first.line("trained ").substring("trained ".length());
                String loaded = second.line("loaded ").substring("loaded ".length());
                assertEquals(trained, loaded, "the waiting process loads the first one's result");
                assertTrue(second.output().stream().noneMatch(l -> l.startsWith("epoch")), "the second trained nothing");
            }
        }
        List<String> log = Files.readAllLines(ExperimentRunner.runDir(cfg).resolve("log.csv"), StandardCharsets.UTF_8);
        assertEquals(1 + 4, log.size(), "one header and one line per epoch: trained once");
        assertEquals(RunStatus.State.DONE, RunStatus.of(ExperimentRunner.runDir(cfg)).state());
    }

    @Test
    void aHeldRunFailsFastWhenAskedToNamingItsHolder() throws Exception {
        Path dir = results.resolve("some-run");
        try (ChildJvm holder = ChildJvm.start(LockChild.class, childProperties(), "hold", dir.toString())) {
            holder.await("locked", Duration.ofMinutes(1));
            RunLock.State state = RunLock.probe(dir);
            assertTrue(state.held());
            assertEquals(holder.pid(), state.holder().orElseThrow().pid());
            RunLock.HeldException e = assertThrows(RunLock.HeldException.class,
                    () -> RunLock.acquire(dir, RunLock.Wait.failFast(), h -> { }));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
            assertEquals(holder.pid(), e.holder().orElseThrow().pid());
            RunStatus status = RunStatus.of(dir);
            assertEquals(RunStatus.State.RUNNING, status.state());
            assertTrue(status.detail().contains("pid " + holder.pid()), status.detail());
            // a bounded wait gives up after its limit, not before
            long t0 = System.nanoTime();
            assertThrows(RunLock.HeldException.class,
                    () -> RunLock.acquire(dir, new RunLock.Wait.AtMost(Duration.ofMillis(1500)), h -> { }));
            assertTrue((System.nanoTime() - t0) / 1e9 >= 1.4);
        }
    }

    @Test
    void aLockLeftByAProcessKilledWithSigkillIsTakenOverAtOnce() throws Exception {
        Path dir = results.resolve("some-run");
        long pid;
        try (ChildJvm holder = ChildJvm.start(LockChild.class, childProperties(), "hold", dir.toString())) {
            holder.await("locked", Duration.ofMinutes(1));
            pid = holder.pid();
            holder.kill9();
        }
        RunLock.State state = RunLock.probe(dir);
        assertFalse(state.held(), "the kernel released the dead process's lock");
        assertEquals(pid, state.holder().orElseThrow().pid(), "its record is still in the lock file");
        long t0 = System.nanoTime();
        try (RunLock lock = RunLock.acquire(dir, new RunLock.Wait.AtMost(Duration.ofSeconds(10)),
                h -> { throw new AssertionError("nothing to wait for: " + h); })) {
            assertEquals(pid, lock.previous().orElseThrow().pid(), "the new holder knows whom it took over from");
            assertTrue(RunLock.probe(dir).held());
            assertEquals(ProcessHandle.current().pid(), RunLock.probe(dir).holder().orElseThrow().pid());
        }
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "no timeout to sit out");
        RunLock.State after = RunLock.probe(dir);
        assertFalse(after.held());
        assertTrue(after.holder().isEmpty(), "a clean release erases the record");
    }

    @Test
    void aRunKilledMidTrainingIsTakenOverAndEndsBitIdentical() throws Exception {
        assumeData();
        VaeRun<StandardGaussianPrior> cfg = config(6);
        Path file = tmp.resolve("cfg.json");
        Json.write(file, cfg);
        Path dir = ExperimentRunner.runDir(cfg);
        long pid;
        try (ChildJvm child = ChildJvm.start(LockChild.class, childProperties(), "run", file.toString())) {
            child.await("epoch 2", Duration.ofMinutes(3));
            pid = child.pid();
            child.kill9();
        }
        assertFalse(Files.exists(dir.resolve(ExperimentRunner.RESULT)), "killed before it finished");
        RunStatus status = RunStatus.of(dir);
        assertEquals(RunStatus.State.INTERRUPTED, status.state());
        assertTrue(status.detail().contains("pid " + pid), status.detail());

        AtomicInteger epochs = new AtomicInteger();
        VaeResult resumed = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), new Listener() {
            @Override
            public void epoch(org.vaepriors.train.TrainingStatus s) {
                epochs.incrementAndGet();
            }
        }, RunLock.Wait.failFast()).result();
        assertTrue(epochs.get() <= 4, "resumed after the killed process's last checkpoint, trained " + epochs.get() + " epochs");

        System.setProperty("vaepriors.results", tmp.resolve("reference").toString());
        VaeResult reference = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), Listener.NONE).result();
        assertEquals(reference.history().size(), resumed.history().size());
        for (int i = 0; i < reference.history().size(); i++) {
            assertEquals(reference.history().get(i).validationLoss(), resumed.history().get(i).validationLoss(), 0.0,
                    "validation loss of epoch " + (i + 1));
        }
        assertEquals(reference.metrics().nll(), resumed.metrics().nll(), 0.0);
        assertArrayEquals(reference.metrics().logLikelihoods(), resumed.metrics().logLikelihoods(), 0.0);
    }

    @Test
    void threadsOfOneJvmAskingForOneRunTrainItOnce() throws Exception {
        assumeData();
        VaeRun<StandardGaussianPrior> cfg = config(2);
        AtomicInteger epochs = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<VaeResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), new Listener() {
                        @Override
                        public void epoch(org.vaepriors.train.TrainingStatus s) {
                            epochs.incrementAndGet();
                        }
                    }).result();
                }));
            }
            go.countDown();
            double nll = futures.get(0).get().metrics().nll();
            for (Future<VaeResult> f : futures) {
                assertEquals(nll, f.get().metrics().nll(), 0.0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, epochs.get(), "two epochs trained in all: one thread trained, two waited and loaded");
    }

    @Test
    void waitSettingIsReadAndCheckedFromTheEnvironment() {
        System.setProperty("vaepriors.wait", "0");
        try {
            assertEquals(RunLock.Wait.failFast(), RunLock.Wait.fromEnv());
            System.setProperty("vaepriors.wait", "soon");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, RunLock.Wait::fromEnv);
            assertTrue(e.getMessage().contains("VAEPRIORS_WAIT") && e.getMessage().contains("soon"), e.getMessage());
        } finally {
            System.clearProperty("vaepriors.wait");
        }
        assertEquals(RunLock.Wait.forever(), RunLock.Wait.fromEnv());
    }
}

package org.vaepriors.experiment;

import java.nio.file.Path;
import java.util.Locale;

import org.vaepriors.io.Json;
import org.vaepriors.train.Listener;
import org.vaepriors.train.TrainingStatus;

/**
 * The other process of the lock tests ({@link RunLockTest}), run in its own JVM.
 * <pre>
 * hold DIR              take the run lock of DIR, print "locked", then wait to be killed
 * run CONFIG.json       ExperimentRunner.run on the config: prints "step" once, "epoch N" per epoch, then
 *                       "trained NLL" or "loaded NLL" (with -Dvaepriors.results / data set by the test);
 *                       -Dlockchild.pause=MS sleeps after each epoch's checkpoint
 * </pre>
 */
public final class LockChild {
    private LockChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "hold" -> {
                RunLock lock = RunLock.acquire(Path.of(args[1]), RunLock.Wait.forever(), h -> System.out.println("waiting"));
                System.out.println("locked " + ProcessHandle.current().pid());
                Thread.sleep(Long.MAX_VALUE);
                lock.close();
            }
            case "run" -> {
                RunConfig<?, ?> cfg = Json.read(Path.of(args[1]), RunConfig.class);
                boolean[] trained = {false};
                ExperimentRunner.Run<?, ?> run = ExperimentRunner.run(cfg, Knobs.of(Profile.SMOKE), new Listener() {
                    @Override
                    public void step(int epoch, int step, int steps, double loss) {
                        if (!trained[0]) {
                            System.out.println("step");
                        }
                        trained[0] = true;
                    }

                    @Override
                    public void epoch(TrainingStatus status) {
                        System.out.println("epoch " + status.epoch());
                        try {
                            // after the epoch's checkpoint: holds the run long enough to be caught at it
                            Thread.sleep(Long.getLong("lockchild.pause", 0));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                VaeResult r = (VaeResult) run.result();
                System.out.println((trained[0] ? "trained " : "loaded ") + String.format(Locale.ROOT, "%.17g", r.metrics().nll()));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}

package org.vaepriors.cli;

import java.nio.file.Path;
import java.util.Arrays;

import org.vaepriors.LabPaths;
import org.vaepriors.data.Datasets;
import org.vaepriors.experiment.ExperimentRunner;
import org.vaepriors.experiment.Knobs;
import org.vaepriors.experiment.RunConfig;
import org.vaepriors.io.Json;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.Execution;
import org.vaepriors.runtime.LibraryVersion;
import org.vaepriors.train.Listener;
import org.vaepriors.train.TrainingStatus;

/**
 * Command-line entry point, for long runs outside a notebook:
 * <pre>
 * java -jar vae-priors-lib-all.jar info                 version, backend, data sets found
 * java -jar vae-priors-lib-all.jar run CONFIG.json      train and evaluate a run config (resumes if interrupted)
 * java -jar vae-priors-lib-all.jar benchmark [args]     the speed table of BENCHMARKS.md
 * </pre>
 * A run's config is the {@code config.json} a notebook's run folder holds, or one written by hand.
 */
public final class Main {
    private Main() {
    }

    /**
     * @param args the command and its arguments
     * @throws Exception if a benchmark's child process cannot be run
     */
    public static void main(String[] args) throws Exception {
        Execution.configureProcess();
        String cmd = args.length == 0 ? "info" : args[0];
        switch (cmd) {
            case "info" -> info();
            case "run" -> {
                if (args.length != 2) {
                    usage();
                }
                run(Path.of(args[1]));
            }
            case "benchmark" -> Benchmark.main(Arrays.copyOfRange(args, 1, args.length));
            default -> usage();
        }
    }

    private static void info() {
        Path data = LabPaths.data();
        System.out.println("VAE Priors Lab " + LibraryVersion.version() + " (DL4J/ND4J " + LibraryVersion.dl4jVersion() + ")");
        System.out.println("backend:   " + BackendInfo.current());
        System.out.println("data dir:  " + data);
        System.out.println("available: " + Datasets.available(data));
        System.out.println("results:   " + LabPaths.results());
    }

    private static void run(Path configFile) {
        RunConfig<?, ?> cfg = Json.read(configFile, RunConfig.class);
        System.out.println("run " + cfg.label() + "-" + cfg.id() + " -> " + ExperimentRunner.runDir(cfg));
        ExperimentRunner.Run<?, ?> run = ExperimentRunner.run(cfg, Knobs.fromEnv(), new Listener() {
            @Override
            public void epoch(TrainingStatus status) {
                System.out.println(status);
            }
        });
        System.out.println(run.result().summary());
        System.out.println("results in " + run.dir());
    }

    private static void usage() {
        System.err.println("usage: java -jar vae-priors-lib-all.jar info | run CONFIG.json | benchmark [steps] [archs] [priors]"
                + " | benchmark compare [steps] [ARCH:prior,...] | benchmark lars [draws]");
        System.exit(2);
    }
}

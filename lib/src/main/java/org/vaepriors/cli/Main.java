package org.vaepriors.cli;

import java.nio.file.Path;

import org.vaepriors.LabPaths;
import org.vaepriors.data.Datasets;
import org.vaepriors.runtime.BackendInfo;
import org.vaepriors.runtime.LibraryVersion;

/**
 * Command-line entry point: {@code java -jar vae-priors-lib-all.jar info} prints the library version, the
 * ND4J backend and the data sets found in the data directory.
 */
public final class Main {
    private Main() {
    }

    /**
     * @param args a command: {@code info}
     */
    public static void main(String[] args) {
        String cmd = args.length == 0 ? "info" : args[0];
        if (!cmd.equals("info")) {
            System.err.println("usage: java -jar vae-priors-lib-all.jar info");
            System.exit(2);
        }
        Path data = LabPaths.data();
        System.out.println("VAE Priors Lab " + LibraryVersion.version() + " (DL4J/ND4J " + LibraryVersion.dl4jVersion() + ")");
        System.out.println("backend:   " + BackendInfo.current());
        System.out.println("data dir:  " + data);
        System.out.println("available: " + Datasets.available(data));
    }
}

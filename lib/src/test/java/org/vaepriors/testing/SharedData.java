package org.vaepriors.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.vaepriors.LabPaths;

/** Locates the offline data folder for tests that read real files; such tests are skipped without it. */
public final class SharedData {
    private SharedData() {
    }

    /** @return {@code VAEPRIORS_DATA}, else {@code ../shared/data} beside the project, or null if neither exists */
    public static Path dir() {
        String env = LabPaths.setting("vaepriors.data", "VAEPRIORS_DATA");
        Path p = env != null ? LabPaths.data() : LabPaths.root().resolve("../shared/data").normalize();
        return Files.isDirectory(p) ? p : null;
    }
}

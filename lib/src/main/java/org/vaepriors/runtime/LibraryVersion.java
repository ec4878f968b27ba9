package org.vaepriors.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The library's version, the versions it was built against and the commit it was built from, all read
 * from the jar: recorded at build time, so a run names the code that ran (a stale jar in a newer checkout
 * still reports its own commit).
 */
public final class LibraryVersion {
    private static final Properties VERSIONS = load("/org/vaepriors/version.properties");
    private static final Properties GIT = load("/org/vaepriors/git.properties");

    private LibraryVersion() {
    }

    /** @return this library's version, e.g. "0.1.0-SNAPSHOT" */
    public static String version() {
        return VERSIONS.getProperty("version", "unknown");
    }

    /** @return the Deeplearning4j/ND4J version built against */
    public static String dl4jVersion() {
        return VERSIONS.getProperty("dl4j.version", "unknown");
    }

    /** @return the commit the jar was built from, or "unknown" (built outside a git checkout) */
    public static String gitCommit() {
        String c = GIT.getProperty("git.commit.id", "");
        return c.isBlank() ? "unknown" : c;
    }

    /** @return true if the build's working tree had uncommitted changes: the commit alone does not name the code */
    public static boolean gitDirty() {
        return Boolean.parseBoolean(GIT.getProperty("git.dirty", "false"));
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = LibraryVersion.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the values stay "unknown"; nothing else depends on them
        }
        return p;
    }
}

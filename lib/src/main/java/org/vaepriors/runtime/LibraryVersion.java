package org.vaepriors.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's version and the versions it was built against, read from the jar. */
public final class LibraryVersion {
    private static final Properties PROPS = load();

    private LibraryVersion() {
    }

    /** @return this library's version, e.g. "0.1.0-SNAPSHOT" */
    public static String version() {
        return PROPS.getProperty("version", "unknown");
    }

    /** @return the Deeplearning4j/ND4J version built against */
    public static String dl4jVersion() {
        return PROPS.getProperty("dl4j.version", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = LibraryVersion.class.getResourceAsStream("/org/vaepriors/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version stays "unknown"; nothing else depends on it
        }
        return p;
    }
}

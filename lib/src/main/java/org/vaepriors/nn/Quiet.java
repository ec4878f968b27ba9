package org.vaepriors.nn;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Runs an action with {@code System.out} silenced: SameDiff M2.1 prints "Added differentiated op ..."
 * for every op of the graph when it builds the gradient function, which would flood notebook cells.
 */
public final class Quiet {
    private Quiet() {
    }

    /**
     * @param action what to run with standard output silenced
     */
    public static synchronized void run(Runnable action) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
    }
}

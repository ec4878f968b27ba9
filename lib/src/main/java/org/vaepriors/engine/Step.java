package org.vaepriors.engine;

/** One op of a {@link Plan}, bound to its arrays: run it at every replay, release it with the plan. */
interface Step {
    /** Executes the op. */
    void run();

    /** Releases what the op holds outside the Java heap. */
    void close();

    /**
     * @param run the op
     * @return a step that runs it and holds nothing to release
     */
    static Step of(Runnable run) {
        return new Step() {
            @Override
            public void run() {
                run.run();
            }

            @Override
            public void close() {
            }
        };
    }
}

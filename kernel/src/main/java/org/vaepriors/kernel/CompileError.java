package org.vaepriors.kernel;

import java.util.List;

/** Code in a cell that does not compile: the message lists what javac said, with the code it points at. */
final class CompileError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    CompileError(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    /** @return the report, line by line */
    List<String> lines() {
        return lines;
    }
}

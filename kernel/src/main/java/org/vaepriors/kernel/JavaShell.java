package org.vaepriors.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell, run in the kernel's own JVM: cells are split into snippets, compiled and run; the value of a cell's
 * last expression is returned as an object. The library on the kernel's class path is visible to cells.
 */
final class JavaShell implements AutoCloseable {
    /** The imports every cell has: JShell's usual ones, and IJava's display calls ({@code display(obj)}). */
    static final List<String> IMPORTS = List.of("java.util.*", "java.io.*", "java.math.*", "java.net.*",
            "java.util.concurrent.*", "java.util.prefs.*", "java.util.regex.*",
            "static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*");

    private final JShell shell;
    private final CellRunner runner;
    private final SourceCodeAnalysis analysis;

    private JavaShell() {
        runner = new CellRunner(new SnippetLoader());
        shell = JShell.builder().executionEngine(new ExecutionControlProvider() {
            @Override
            public String name() {
                return "vaepriors-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return runner;
            }
        }, Map.of()).build();
        analysis = shell.sourceCodeAnalysis();
    }

    /**
     * Starts JShell on a thread of its own and runs the imports, which also warms up its compiler: the kernel
     * answers Jupyter meanwhile, and the first cell waits only for what is left.
     *
     * @return the shell, when ready
     */
    static CompletableFuture<JavaShell> startAsync() {
        CompletableFuture<JavaShell> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                JavaShell s = new JavaShell();
                s.eval(IMPORTS.stream().map(i -> "import " + i + ";").collect(Collectors.joining("\n")));
                f.complete(s);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "jshell-start");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * @param code a cell's code
     * @return the value of its last expression, or null when it ends with a statement or declaration
     * @throws CompileError when a snippet does not compile
     * @throws Exception what the code threw, as it is (an {@link Error} in a {@link CellFailure})
     */
    Object eval(String code) {
        Object last = null;
        CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            last = evalSnippet(info.source().strip());
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != Completeness.EMPTY) {
            throw new CompileError(List.of("the cell ends with incomplete code:", "    " + info.remaining().trim()));
        }
        return last;
    }

    private Object evalSnippet(String source) {
        Object value = null;
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() != null) {
                continue; // a consequence for an earlier snippet (replaced, now resolvable), not this one
            }
            if (e.status() == Snippet.Status.REJECTED) {
                throw compileError(e.snippet());
            }
            if (e.exception() != null) {
                throw failure(e.exception());
            }
            Snippet.SubKind kind = e.snippet().subKind();
            if (e.value() != null && kind.isExecutable()) {
                Object v = runner.take(e.value());
                value = shown(kind) ? v : null;
            }
        }
        return value;
    }

    private static boolean shown(Snippet.SubKind kind) {
        return kind == Snippet.SubKind.VAR_VALUE_SUBKIND || kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND;
    }

    private CompileError compileError(Snippet snippet) {
        List<String> lines = new ArrayList<>();
        String src = snippet.source();
        shell.diagnostics(snippet).forEach(d -> describe(d, src, lines));
        if (lines.isEmpty()) {
            lines.add("this code was rejected by the compiler:");
            lines.add("    " + src.strip());
        }
        return new CompileError(lines);
    }

    /** One diagnostic: javac's message, the line it points at, and a marker under the span. */
    private static void describe(Diag d, String src, List<String> out) {
        out.add(d.getMessage(Locale.ROOT));
        int pos = (int) Math.max(0, Math.min(d.getPosition(), src.length()));
        int lineStart = src.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
        int lineEnd = src.indexOf('\n', pos);
        String line = src.substring(lineStart, lineEnd < 0 ? src.length() : lineEnd);
        int from = (int) Math.max(lineStart, d.getStartPosition()) - lineStart;
        int to = (int) Math.min(lineStart + line.length(), Math.max(d.getEndPosition(), d.getStartPosition() + 1)) - lineStart;
        out.add("    " + line);
        out.add("    " + " ".repeat(Math.max(0, from)) + "^".repeat(Math.max(1, to - from)));
    }

    private RuntimeException failure(JShellException e) {
        if (e instanceof EvalException ee) {
            if (CellRunner.INTERRUPTED.equals(ee.getExceptionClassName())) {
                return unchecked(new InterruptedException("the cell was interrupted"));
            }
            Throwable real = runner.takeFailure();
            return real instanceof Exception x ? unchecked(x) : new CellFailure(real != null ? real : e);
        }
        if (e instanceof UnresolvedReferenceException u) {
            String missing = String.join(", ", shell.unresolvedDependencies(u.getSnippet()).toList());
            return new CompileError(List.of(u.getSnippet().source().strip() + " cannot run until it is declared: "
                    + missing));
        }
        return new CellFailure(e);
    }

    /**
     * The cell's own exception, checked or not, goes to the kernel as it is (its class is the error's name in
     * the cell); the compiler cannot see that a checked one passes through, hence the generic cast.
     */
    private static RuntimeException unchecked(Exception e) {
        return JavaShell.<RuntimeException>rethrow(e);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Exception> T rethrow(Exception e) throws T {
        throw (T) e;
    }

    /**
     * @param path a class path (entries separated by the platform's separator)
     */
    void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * @param code the cell's code
     * @return "complete", "invalid", or the indent of the next line when the code is incomplete
     */
    String isComplete(String code) {
        CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            info = analysis.analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> "complete";
            case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> "    ";
            default -> "invalid";
        };
    }

    /**
     * @param code   the cell's code
     * @param cursor the cursor's offset
     * @param anchor receives the start of the text the suggestions replace
     * @return the suggested continuations
     */
    List<String> complete(String code, int cursor, int[] anchor) {
        return analysis.completionSuggestions(code, cursor, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
    }

    /**
     * @param code   the cell's code
     * @param cursor the cursor's offset
     * @return signatures and Javadoc of what is at the cursor, or an empty string
     */
    String documentation(String code, int cursor) {
        return analysis.documentation(code, cursor, true).stream()
                .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
                .collect(Collectors.joining("\n\n"));
    }

    /** Interrupts the running cell. */
    void interrupt() {
        runner.interrupt();
    }

    @Override
    public void close() {
        shell.close();
    }
}

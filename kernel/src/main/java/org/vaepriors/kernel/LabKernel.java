package org.vaepriors.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * The notebooks' kernel: JShell ({@link JavaShell}) behind the Jupyter protocol of the IJava/JJava line
 * ({@link BaseKernel}), which brings IJava's display API with it: {@code display(obj)}, {@code updateDisplay},
 * {@code BaseKernel.notebookKernel().display(DisplayData)}. Line magics: {@code %classpath} ({@code %jars}).
 */
final class LabKernel extends BaseKernel {
    static final String NAME = "vaepriors-java";
    /** Stack frames of a failure after the last one in cell code are the kernel's own: not shown. */
    private static final String CELL_FRAME_PREFIX = "REPL.";

    private final CompletableFuture<JavaShell> shell;

    LabKernel(CompletableFuture<JavaShell> shell) {
        super(NAME, version(), languageInfo(), List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/")),
                null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), magics(), false, styler());
        this.shell = shell;
    }

    private static MagicsRegistry magics() {
        MagicsRegistry m = new MagicsRegistry();
        m.registerLineMagic("classpath", new ClasspathMagic());
        m.registerLineMagic("jars", new ClasspathMagic()); // IJava's name for it
        return m;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java").version(Runtime.version().toString()).mimetype("text/x-java-source")
                .fileExtension(".jshell").pygments("java").codemirror("java").build();
    }

    private static StringStyler styler() {
        return new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG).addHighlightStyle(TextColor.BOLD_RESET_FG).build();
    }

    private static String version() {
        String v = LabKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** @return JShell, waiting for its start when a request comes early */
    JavaShell shell() {
        try {
            return shell.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell could not start: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public Object evalRaw(String source) {
        return shell().eval(magicParser.resolveMagics(source));
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = shell().documentation(code, at);
        return doc.isEmpty() ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = {at};
        List<String> options = shell().complete(code, at, anchor);
        return new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        return shell().isComplete(code);
    }

    @Override
    public void interrupt() {
        if (shell.isDone() && !shell.isCompletedExceptionally()) {
            shell.join().interrupt();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        if (shell.isDone() && !shell.isCompletedExceptionally()) {
            shell.join().close();
        }
    }

    /** Compile errors as javac's messages; failures as their exception chain, cut at the cell's own frames. */
    @Override
    public List<String> formatError(Throwable e) {
        List<String> lines = new ArrayList<>();
        if (e instanceof CompileError c) {
            lines.add(errorStyler.secondary("Compile error"));
            lines.addAll(c.lines());
            return lines;
        }
        Throwable t = e instanceof CellFailure && e.getCause() != null ? e.getCause() : e;
        String prefix = "";
        while (t != null) {
            lines.add(errorStyler.secondary(prefix + t));
            StackTraceElement[] frames = t.getStackTrace();
            int last = frames.length - 1;
            while (last > 0 && !frames[last].getClassName().startsWith(CELL_FRAME_PREFIX)) {
                last--;
            }
            if (last == 0 && !frames[0].getClassName().startsWith(CELL_FRAME_PREFIX)) {
                last = frames.length - 1;
            }
            for (int i = 0; i <= last && i < frames.length; i++) {
                lines.add("    at " + frames[i]);
            }
            prefix = "Caused by: ";
            t = t.getCause() == t ? null : t.getCause();
        }
        return lines;
    }
}

package org.vaepriors.notebook;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * Kernels on the real display libraries of JJava ({@code jjava-jupyter}) and IJava ({@code jupyter-jvm-basekernel}),
 * whose display stream records what the kernel would publish: each message as the MIME bundle, the display id
 * and whether it was an update. Only the socket end is replaced; the kernels' own {@code display} and
 * {@code updateDisplay} code runs.
 */
final class CapturingKernels {
    /** One published display message. */
    record Shown(Map<String, Object> data, String displayId, boolean update) {
    }

    private CapturingKernels() {
    }

    /** A JJava-line kernel, installed as the notebook kernel ({@code BaseKernel.notebookKernel()}). */
    static final class JJava extends BaseKernel {
        final List<Shown> shown = new ArrayList<>();

        JJava() {
            super("test", "1", new LanguageInfo.Builder("java").build(), List.of(), null,
                    new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, new MagicsRegistry(),
                    false, new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG)
                            .addSecondaryStyle(TextColor.BOLD_RED_FG).addHighlightStyle(TextColor.BOLD_RESET_FG).build());
            replaceFinal(io, "display", new DisplayStream() {
                @Override
                public void display(DisplayData d) {
                    shown.add(new Shown(dataOf(d), d.getDisplayId(), false));
                }

                @Override
                public void updateDisplay(DisplayData d) {
                    shown.add(new Shown(dataOf(d), d.getDisplayId(), true));
                }
            });
        }

        void install() {
            installNotebookKernel();
        }

        void uninstall() {
            uninstallNotebookKernel();
        }

        @Override
        public Object evalRaw(String source) {
            return null;
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_MAYBE;
        }

        private static Map<String, Object> dataOf(DisplayData d) {
            return fieldOf(d, "data");
        }
    }

    /** An IJava kernel (IJava 1.3's base library), returned by the test stand-in of {@code IJava.getKernelInstance()}. */
    static final class IJava extends io.github.spencerpark.jupyter.kernel.BaseKernel {
        final List<Shown> shown = new ArrayList<>();

        IJava() {
            replaceFinal(getIO(), "display", new io.github.spencerpark.jupyter.kernel.DisplayStream() {
                @Override
                public boolean isAttached() {
                    return true;
                }

                @Override
                public void display(io.github.spencerpark.jupyter.kernel.display.DisplayData d) {
                    shown.add(new Shown(fieldOf(d, "data"), d.getDisplayId(), false));
                }

                @Override
                public void updateDisplay(io.github.spencerpark.jupyter.kernel.display.DisplayData d) {
                    shown.add(new Shown(fieldOf(d, "data"), d.getDisplayId(), true));
                }
            });
        }

        @Override
        public io.github.spencerpark.jupyter.kernel.display.DisplayData eval(String expr) {
            return null;
        }

        @Override
        public io.github.spencerpark.jupyter.kernel.LanguageInfo getLanguageInfo() {
            return new io.github.spencerpark.jupyter.kernel.LanguageInfo("java", "17", "text/x-java", ".java", "java", "java", "script");
        }
    }

    /** The display stream is a final field of the kernels' IO; the test swaps in its recorder. */
    private static void replaceFinal(Object target, String name, Object value) {
        try {
            Field f = target.getClass().getField(name);
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldOf(Object bundle, String name) {
        try {
            Field f = bundle.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return Map.copyOf((Map<String, Object>) f.get(bundle));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.vaepriors.notebook;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.UUID;

/**
 * Finds the running kernel's display API by reflection, so the library needs none of the kernels:
 * <ul>
 * <li>the IJava line, whose kernels extend a {@code BaseKernel} with {@code display(DisplayData)} and
 * {@code getIO().display.updateDisplay(id, DisplayData)}: this project's kernel and JJava 1.0-a6+
 * ({@code org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()}), JJava 1.0-M
 * ({@code org.dflib.jjava.JJava.getKernelInstance()}) and IJava 1.3
 * ({@code io.github.spencerpark.ijava.IJava.getKernelInstance()});</li>
 * <li>rapaio-jupyter-kernel: static {@code Global.display(mime, obj)} and {@code Global.updateDisplay}.</li>
 * </ul>
 * A kernel that is found but whose API differs is an error that names it, not a silent fall-back to text.
 */
final class KernelDisplays {
    private static final String[][] BASE_KERNELS = {
            {"org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel"},
            {"org.dflib.jjava.JJava", "getKernelInstance"},
            {"io.github.spencerpark.ijava.IJava", "getKernelInstance"}};
    private static final String RAPAIO = "org.rapaio.jupyter.kernel.global.Global";

    private KernelDisplays() {
    }

    static Display detect() {
        for (String[] k : BASE_KERNELS) {
            Object kernel = kernelInstance(k[0], k[1]);
            if (kernel != null) {
                return BaseKernelDisplay.of(kernel, k[0]);
            }
        }
        Class<?> global = loaded(RAPAIO);
        if (global != null) {
            try {
                return new Rapaio(global.getMethod("display", String.class, Object.class),
                        global.getMethod("updateDisplay", String.class, String.class, Object.class));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("this rapaio kernel has no Global.display(String, Object) and "
                        + "updateDisplay(String, String, Object): use rapaio-jupyter-kernel 3.x", e);
            }
        }
        return new Console(System.out);
    }

    /** @return the kernel object a static accessor returns, or null when that kernel is not running here */
    private static Object kernelInstance(String className, String accessor) {
        Class<?> c = loaded(className);
        if (c == null) {
            return null;
        }
        try {
            return c.getMethod(accessor).invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // the class is on the class path but no kernel runs (JJava's accessor throws then)
        }
    }

    private static Class<?> loaded(String name) {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), KernelDisplays.class.getClassLoader()};
        for (ClassLoader l : loaders) {
            try {
                if (l != null) {
                    return Class.forName(name, false, l);
                }
            } catch (ClassNotFoundException | LinkageError ignored) {
                // try the next loader
            }
        }
        return null;
    }

    /**
     * The IJava line's API: a {@code DisplayData} bundle (MIME type to content, plus a display id) given to
     * {@code kernel.display(data)}; an update goes to {@code kernel.getIO().display.updateDisplay(id, data)}.
     */
    record BaseKernelDisplay(Object kernel, Constructor<?> newData, Method putData, Method setDisplayId,
                             Method display, Object displayStream, Method updateDisplay) implements Display {

        static BaseKernelDisplay of(Object kernel, String foundBy) {
            try {
                Method display = null;
                for (Method m : kernel.getClass().getMethods()) {
                    if (m.getName().equals("display") && m.getParameterCount() == 1
                            && m.getParameterTypes()[0].getSimpleName().equals("DisplayData")) {
                        display = m;
                    }
                }
                if (display == null) {
                    throw new NoSuchMethodException(kernel.getClass().getName() + ".display(DisplayData)");
                }
                Class<?> data = display.getParameterTypes()[0];
                Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
                Field streamField = io.getClass().getField("display");
                Object stream = streamField.get(io);
                return new BaseKernelDisplay(kernel, data.getConstructor(), data.getMethod("putData", String.class, Object.class),
                        data.getMethod("setDisplayId", String.class), display, stream,
                        stream.getClass().getMethod("updateDisplay", String.class, data));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the kernel found through " + foundBy + " (" + kernel.getClass().getName()
                        + ") does not have the IJava display API this library uses (" + e.getMessage() + "): use IJava 1.3, "
                        + "JJava 1.0, or this project's kernel (bash environment/setup.sh)", e);
            }
        }

        @Override
        public void html(String html) {
            show("text/html", html);
        }

        @Override
        public void png(byte[] png) {
            show("image/png", Base64.getEncoder().encodeToString(png));
        }

        @Override
        public void text(String text) {
            show("text/plain", text);
        }

        @Override
        public Handle updatable(String html) {
            String id = UUID.randomUUID().toString();
            call(display, kernel, bundle("text/html", html, id));
            return h -> call(updateDisplay, displayStream, id, bundle("text/html", h, id));
        }

        @Override
        public boolean rich() {
            return true;
        }

        private void show(String mime, String content) {
            call(display, kernel, bundle(mime, content, null));
        }

        private Object bundle(String mime, String content, String id) {
            try {
                Object d = newData.newInstance();
                putData.invoke(d, mime, content);
                if (id != null) {
                    setDisplayId.invoke(d, id);
                }
                return d;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build the kernel's DisplayData: " + e, e);
            }
        }

        private static void call(Method m, Object target, Object... args) {
            try {
                m.invoke(target, args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the kernel's " + m.getName() + " failed: "
                        + (e.getCause() == null ? e : e.getCause()), e);
            }
        }
    }

    /** rapaio-jupyter-kernel: static {@code Global.display(mime, obj)} returning a display id. */
    private record Rapaio(Method display, Method update) implements Display {
        @Override
        public void html(String html) {
            call("text/html", html);
        }

        @Override
        public void png(byte[] png) {
            call("image/png", Base64.getEncoder().encodeToString(png));
        }

        @Override
        public void text(String text) {
            call("text/plain", text);
        }

        @Override
        public Handle updatable(String html) {
            String id = call("text/html", html);
            return h -> invoke(update, id, "text/html", h);
        }

        @Override
        public boolean rich() {
            return true;
        }

        private String call(String mime, Object content) {
            return (String) invoke(display, mime, content);
        }

        private static Object invoke(Method m, Object... args) {
            try {
                return m.invoke(null, args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the kernel's display call failed: " + e.getCause(), e);
            }
        }
    }

    /** No kernel: text to a stream, images and HTML named but not shown. */
    private record Console(PrintStream out) implements Display {
        @Override
        public void html(String html) {
            out.println(html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").trim());
        }

        @Override
        public void png(byte[] png) {
            out.println("[image: " + png.length + " bytes of PNG]");
        }

        @Override
        public void text(String text) {
            out.println(text);
        }

        @Override
        public Handle updatable(String html) {
            html(html);
            return this::html;
        }

        @Override
        public boolean rich() {
            return false;
        }
    }
}

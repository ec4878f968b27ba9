package org.vaepriors.notebook;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Base64;

/**
 * Finds the running kernel's display functions by reflection. Rapaio's {@code Global.display(mime, obj)}
 * is the one this project installs and tests; IJava's and JJava's {@code kernel.display(DisplayData)} are
 * supported on the same pattern for users who have those kernels (not exercised here).
 */
final class KernelDisplays {
    private KernelDisplays() {
    }

    static Display detect() {
        try {
            Class<?> global = Class.forName("org.rapaio.jupyter.kernel.global.Global");
            return new Rapaio(global.getMethod("display", String.class, Object.class),
                    global.getMethod("updateDisplay", String.class, String.class, Object.class));
        } catch (ReflectiveOperationException | LinkageError ignored) {
            // not rapaio
        }
        for (String[] k : new String[][]{
                {"org.dflib.jjava.JJava", "org.dflib.jjava.jupyter.kernel.display.DisplayData"},
                {"io.github.spencerpark.ijava.IJava", "io.github.spencerpark.jupyter.kernel.display.DisplayData"}}) {
            try {
                Object kernel = Class.forName(k[0]).getMethod("getKernelInstance").invoke(null);
                if (kernel != null) {
                    return new BaseKernel(kernel, Class.forName(k[1]));
                }
            } catch (ReflectiveOperationException | LinkageError ignored) {
                // not this kernel
            }
        }
        return new Console(System.out);
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
    }

    /** IJava and JJava: build the kernel's DisplayData and pass it to {@code kernel.display(data)}. */
    private record BaseKernel(Object kernel, Class<?> dataClass) implements Display {
        @Override
        public void html(String html) {
            show("putHTML", html, null);
        }

        @Override
        public void png(byte[] png) {
            show("image/png", Base64.getEncoder().encodeToString(png), null);
        }

        @Override
        public void text(String text) {
            show("putText", text, null);
        }

        @Override
        public Handle updatable(String html) {
            String id = java.util.UUID.randomUUID().toString();
            show("putHTML", html, id, "display");
            return h -> show("putHTML", h, id, "updateDisplay");
        }

        @Override
        public boolean rich() {
            return true;
        }

        private void show(String how, String content, String displayId) {
            show(how, content, displayId, "display");
        }

        private void show(String how, String content, String displayId, String kernelMethod) {
            try {
                Object data = dataClass.getConstructor().newInstance();
                if (how.startsWith("put")) {
                    dataClass.getMethod(how, String.class).invoke(data, content);
                } else {
                    Class<?> mime = Class.forName(dataClass.getPackageName() + ".common.MIMEType");
                    Object type = mime.getMethod("parse", String.class).invoke(null, how);
                    dataClass.getMethod("putData", mime, Object.class).invoke(data, type, content);
                }
                if (displayId != null) {
                    dataClass.getMethod("setDisplayId", String.class).invoke(data, displayId);
                }
                kernel.getClass().getMethod(kernelMethod, dataClass).invoke(kernel, data);
            } catch (ReflectiveOperationException e) {
                if (!kernelMethod.equals("updateDisplay")) {
                    System.out.println(content); // a kernel version with another API: show the text at least
                }
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

    private static Object invoke(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the kernel's display call failed: " + e.getCause(), e);
        }
    }
}

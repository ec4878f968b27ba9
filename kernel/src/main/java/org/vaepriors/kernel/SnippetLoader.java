package org.vaepriors.kernel;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;
import jdk.jshell.execution.LoaderDelegate;

/**
 * Loads the classes JShell compiles from cells, and jars added at run time ({@code %classpath}), in one class
 * loader whose parent is the kernel's own: the library on the start-up class path is shared with cells, not
 * loaded a second time. Like IJava's, it does not become the threads' context class loader, so code that
 * relies on that one (ND4J's backend lookup) sees what it would see under IJava.
 */
final class SnippetLoader implements LoaderDelegate {
    private final Map<String, byte[]> bytecodes = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    private final Loader loader = new Loader(SnippetLoader.class.getClassLoader());

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        for (int i = 0; i < classes.length; i++) {
            bytecodes.put(classes[i].name(), classes[i].bytecodes());
            try {
                loaded.put(classes[i].name(), loader.loadClass(classes[i].name()));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ClassInstallException("cannot load " + classes[i].name() + ": " + e, installed);
            }
            installed[i] = true;
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes c : classes) {
            bytecodes.put(c.name(), c.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                loader.add(Path.of(entry).toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new InternalException("not a class path entry: " + entry + " (" + e.getMessage() + ")");
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = loaded.get(name);
        return c != null ? c : loader.loadClass(name);
    }

    /** @return the loader of the cells' classes */
    ClassLoader classLoader() {
        return loader;
    }

    private final class Loader extends URLClassLoader {
        Loader(ClassLoader parent) {
            super(new URL[0], parent);
        }

        void add(URL url) {
            addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = bytecodes.get(name);
            return b == null ? super.findClass(name) : defineClass(name, b, 0, b.length);
        }
    }
}

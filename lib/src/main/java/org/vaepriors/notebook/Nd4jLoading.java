package org.vaepriors.notebook;

import org.nd4j.common.config.ND4JClassLoading;

/**
 * Lets ND4J find its backend when this library was added to a running kernel (IJava's {@code %jars}, our
 * kernel's {@code %classpath}) rather than put on its start-up class path. ND4J looks its backend up with a
 * ServiceLoader on the class loader it took from the thread that first touched it, which cannot see jars
 * added at run time ("Could not initialize class org.nd4j.linalg.factory.Nd4j"); it is pointed at the loader
 * that loaded this library instead, before anything touches ND4J.
 */
final class Nd4jLoading {
    private Nd4jLoading() {
    }

    /** Points ND4J at this library's class loader when its own cannot see the library. */
    static void seeLibrary() {
        ClassLoader library = Nd4jLoading.class.getClassLoader();
        ClassLoader nd4j = ND4JClassLoading.getNd4jClassloader();
        if (nd4j != library && !sees(nd4j, Nd4jLoading.class.getName())) {
            ND4JClassLoading.setNd4jClassloader(library);
        }
    }

    private static boolean sees(ClassLoader loader, String className) {
        try {
            return loader != null && Class.forName(className, false, loader) != null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

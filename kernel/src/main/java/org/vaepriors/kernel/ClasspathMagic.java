package org.vaepriors.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * {@code %classpath PATH...} (also {@code %jars}, IJava's name): adds jars or class folders to the cells' class
 * path at run time; a file name may be a glob ({@code lib/*.jar}).
 */
final class ClasspathMagic implements LineMagic<Void, BaseKernel> {
    @Override
    public Void eval(BaseKernel kernel, List<String> args) throws IOException {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("%classpath needs one or more jars or folders, e.g. %classpath lib/*.jar");
        }
        List<String> entries = new ArrayList<>();
        for (String arg : args) {
            for (String part : arg.split(File.pathSeparator)) {
                List<Path> found = matches(Path.of(part));
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("%classpath: nothing matches " + part
                            + " (relative paths start at " + Path.of("").toAbsolutePath() + ")");
                }
                found.forEach(p -> entries.add(p.toAbsolutePath().toString()));
            }
        }
        ((LabKernel) kernel).shell().addToClasspath(String.join(File.pathSeparator, entries));
        return null;
    }

    private static List<Path> matches(Path path) throws IOException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        Path dir = path.toAbsolutePath().getParent();
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
                ds.forEach(found::add);
            }
        }
        found.sort(null);
        return found;
    }
}

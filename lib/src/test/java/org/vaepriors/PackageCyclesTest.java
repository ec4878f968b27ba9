package org.vaepriors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The library's packages form a layered graph: no package depends, through any chain of imports, on
 * itself. Read from the sources' import lines and same-package-free qualified names.
 */
class PackageCyclesTest {
    private static final Pattern REF = Pattern.compile("\\b(org\\.vaepriors(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

    @Test
    void noPackageDependsOnItself() throws IOException {
        Path src = Path.of("src/main/java");
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = src.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REF.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (String p : deps.keySet()) {
            visit(p, deps, state, new ArrayList<>(), cycles);
        }
        assertTrue(cycles.isEmpty(), "package cycles: " + cycles);
    }

    private static void visit(String p, Map<String, Set<String>> deps, Map<String, Integer> state,
                              List<String> path, List<String> cycles) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            cycles.add(String.join(" -> ", path.subList(path.indexOf(p), path.size())) + " -> " + p);
            return;
        }
        state.put(p, 1);
        path.add(p);
        for (String q : deps.getOrDefault(p, Set.of())) {
            visit(q, deps, state, path, cycles);
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
    }
}

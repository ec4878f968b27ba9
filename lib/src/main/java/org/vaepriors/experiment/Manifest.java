package org.vaepriors.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vaepriors.io.Json;

/**
 * A study's runs written out for a scheduler: one config JSON per run in {@code runs/} and this manifest
 * listing them by index, so that task {@code i} of a job array runs entry {@code i}
 * ({@code java -jar ... run manifest.json i}). The configs have the knobs applied already: each entry's id is
 * the id of the run folder the notebook will look for. A run's dependencies (a post-hoc fit's base, NCP's
 * first stage) are entries of their own, before the runs that need them.
 *
 * @param study     the notebook or study the runs belong to, e.g. "01-active-dimensions"
 * @param profile   the profile
 * @param maxEpochs the {@code VAEPRIORS_MAX_EPOCHS} override in force, or null
 * @param dataLimit the {@code VAEPRIORS_DATA_LIMIT} override, or null
 * @param iwSamples the {@code VAEPRIORS_IW_SAMPLES} override, or null
 * @param createdAt when it was written (ISO-8601)
 * @param runs      the entries, indexed from 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String study, Profile profile, Integer maxEpochs, Integer dataLimit, Integer iwSamples,
                       String createdAt, List<Entry> runs) {
    /** The manifest's file name in a plan folder. */
    public static final String FILE = "manifest.json";

    /** Validates and copies. */
    public Manifest {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(createdAt, "createdAt");
        runs = List.copyOf(runs);
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).index() != i) {
                throw new IllegalArgumentException("manifest entry " + i + " has index " + runs.get(i).index());
            }
        }
    }

    /**
     * One run of the plan.
     *
     * @param index  its index (the array task that runs it)
     * @param run    its run folder's name, {@code <label>-<id>}
     * @param config its config file, relative to the manifest's folder
     */
    public record Entry(int index, String run, String config) {
        /** Validates the fields. */
        public Entry {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * Writes a plan: the configs (knobs applied, dependencies first, each run once) and the manifest. Config
     * files of an earlier plan in the same folder are removed first.
     *
     * @param dir     the plan folder
     * @param study   the study's name
     * @param knobs   the knobs, applied to every config ({@link RunConfig#scaled})
     * @param configs the study's runs
     * @return the manifest written to {@code dir/manifest.json}
     */
    public static Manifest write(Path dir, String study, Knobs knobs, List<? extends RunConfig<?, ?>> configs) {
        Map<String, RunConfig<?, ?>> ordered = new LinkedHashMap<>();
        for (RunConfig<?, ?> c : configs) {
            add(c.scaled(knobs), ordered);
        }
        Path runsDir = dir.resolve("runs");
        try {
            Files.createDirectories(runsDir);
            try (Stream<Path> old = Files.list(runsDir)) {
                for (Path p : old.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + runsDir, e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, RunConfig<?, ?>> e : ordered.entrySet()) {
            int i = entries.size();
            String file = String.format(Locale.ROOT, "runs/%03d-%s.json", i, e.getKey());
            Json.write(dir.resolve(file), e.getValue());
            entries.add(new Entry(i, e.getKey(), file));
        }
        Manifest m = new Manifest(study, knobs.profile(), boxed(knobs.maxEpochs()), boxed(knobs.dataLimit()),
                boxed(knobs.iwSamples()), Instant.now().toString(), entries);
        Json.write(dir.resolve(FILE), m);
        return m;
    }

    /**
     * @param file a manifest file
     * @return the manifest
     * @throws IllegalArgumentException if the file is not a manifest
     */
    public static Manifest read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no manifest at " + file + ": write one with the 'plan' command");
        }
        Manifest m = Json.read(file, Manifest.class);
        if (m == null || m.runs() == null) {
            throw new IllegalArgumentException(file + " is not a manifest (no 'runs'): write one with the 'plan' command");
        }
        return m;
    }

    /** @return the knobs the plan was written with (recorded in every run's provenance) */
    public Knobs knobs() {
        return new Knobs(profile, optional(maxEpochs), optional(dataLimit), optional(iwSamples));
    }

    /**
     * Reads one entry's config and checks that it still names the entry's run.
     *
     * @param manifestFile the manifest's file (its folder holds the configs)
     * @param index        the entry
     * @return the config
     * @throws IllegalArgumentException if the index is out of range, or the config file is missing or was
     *                                  edited after planning
     */
    public RunConfig<?, ?> config(Path manifestFile, int index) {
        if (index < 0 || index >= runs.size()) {
            throw new IllegalArgumentException("index " + index + " is out of range: " + manifestFile + " has "
                    + runs.size() + " runs (0 to " + (runs.size() - 1) + "); the job array must be --array=0-"
                    + (runs.size() - 1));
        }
        Entry e = runs.get(index);
        Path file = manifestFile.toAbsolutePath().getParent().resolve(e.config());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the config of entry " + index + " is missing: " + file + ". Write the plan "
                    + "again with the 'plan' command.");
        }
        RunConfig<?, ?> cfg;
        try {
            cfg = Json.read(Files.readString(file, StandardCharsets.UTF_8), RunConfig.class);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        String name = cfg.label() + "-" + cfg.id();
        if (!name.equals(e.run())) {
            throw new IllegalArgumentException(file + " names run " + name + ", but the manifest lists " + e.run()
                    + " (edited after planning, or planned by another library version). Write the plan again.");
        }
        return cfg;
    }

    private static void add(RunConfig<?, ?> cfg, Map<String, RunConfig<?, ?>> ordered) {
        for (RunConfig<?, ?> d : cfg.dependencies()) {
            add(d, ordered);
        }
        ordered.putIfAbsent(cfg.label() + "-" + cfg.id(), cfg);
    }

    private static Integer boxed(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    private static OptionalInt optional(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}

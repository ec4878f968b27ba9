package org.vaepriors.experiment;

import java.util.Objects;
import java.util.OptionalInt;

import org.vaepriors.LabPaths;

/**
 * The run-size settings a notebook reads from the environment: the profile and optional overrides.
 * They are saved with every result, so that a scaled-down run can never pass for a paper number.
 *
 * <pre>
 * VAEPRIORS_PROFILE     smoke | quick | paper   (default quick)
 * VAEPRIORS_MAX_EPOCHS  cap on training epochs
 * VAEPRIORS_DATA_LIMIT  cap on training images
 * VAEPRIORS_IW_SAMPLES  importance samples for log-likelihoods
 * </pre>
 *
 * @param profile   the profile
 * @param maxEpochs a cap on training epochs, if set
 * @param dataLimit a cap on training images, if set
 * @param iwSamples importance samples for log-likelihood estimates, if set
 */
public record Knobs(Profile profile, OptionalInt maxEpochs, OptionalInt dataLimit, OptionalInt iwSamples) {

    /** Validates the fields. */
    public Knobs {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(maxEpochs, "maxEpochs");
        Objects.requireNonNull(dataLimit, "dataLimit");
        Objects.requireNonNull(iwSamples, "iwSamples");
        positive("VAEPRIORS_MAX_EPOCHS", maxEpochs);
        positive("VAEPRIORS_DATA_LIMIT", dataLimit);
        positive("VAEPRIORS_IW_SAMPLES", iwSamples);
    }

    /**
     * @param profile a profile
     * @return that profile with no overrides
     */
    public static Knobs of(Profile profile) {
        return new Knobs(profile, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * Reads the environment (system properties {@code vaepriors.profile}, ... take precedence).
     *
     * @return the knobs; {@code quick} when nothing is set
     * @throws IllegalArgumentException if a value is not a profile name or not a positive integer
     */
    public static Knobs fromEnv() {
        String p = LabPaths.setting("vaepriors.profile", "VAEPRIORS_PROFILE");
        return new Knobs(p == null ? Profile.QUICK : Profile.parse(p),
                integer("vaepriors.maxEpochs", "VAEPRIORS_MAX_EPOCHS"),
                integer("vaepriors.dataLimit", "VAEPRIORS_DATA_LIMIT"),
                integer("vaepriors.iwSamples", "VAEPRIORS_IW_SAMPLES"));
    }

    /** @return true unless this is the paper profile with no override: such results are not the papers' */
    public boolean scaledDown() {
        return profile != Profile.PAPER || maxEpochs.isPresent() || dataLimit.isPresent() || iwSamples.isPresent();
    }

    /**
     * @param smoke value under smoke
     * @param quick value under quick
     * @param paper value under paper
     * @param <T>   the type
     * @return the value for this profile
     */
    public <T> T pick(T smoke, T quick, T paper) {
        return profile.pick(smoke, quick, paper);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("profile ").append(profile);
        maxEpochs.ifPresent(v -> sb.append(", max epochs ").append(v));
        dataLimit.ifPresent(v -> sb.append(", data limit ").append(v));
        iwSamples.ifPresent(v -> sb.append(", IW samples ").append(v));
        return sb.toString();
    }

    private static OptionalInt integer(String property, String env) {
        String v = LabPaths.setting(property, env);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(env + " must be a positive integer, got '" + v + "'");
        }
    }

    private static void positive(String name, OptionalInt v) {
        if (v.isPresent() && v.getAsInt() < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v.getAsInt());
        }
    }
}

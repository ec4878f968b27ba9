package org.vaepriors.experiment;

import java.util.Locale;

/**
 * How much compute a notebook spends: {@code SMOKE} proves the plumbing in under a minute (CI),
 * {@code QUICK} fits a 2-core laptop (10-15 minutes a notebook), {@code PAPER} uses the papers' settings
 * (a GPU and hours).
 */
public enum Profile {
    /** CI: tiny data and a few steps; the numbers mean nothing. */
    SMOKE,
    /** A 2-core laptop: reduced data and epochs, chosen so that the papers' qualitative claims can show. */
    QUICK,
    /** The papers' settings. */
    PAPER;

    /**
     * @param name "smoke", "quick" or "paper", any case
     * @return the profile
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Profile parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VAEPRIORS_PROFILE must be one of smoke, quick, paper; got '" + name + "'");
        }
    }

    /**
     * Picks a value by profile, the one idiom notebooks use to scale a setting.
     *
     * @param smoke value under SMOKE
     * @param quick value under QUICK
     * @param paper value under PAPER
     * @param <T>   the value's type
     * @return the value for this profile
     */
    public <T> T pick(T smoke, T quick, T paper) {
        return switch (this) {
            case SMOKE -> smoke;
            case QUICK -> quick;
            case PAPER -> paper;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

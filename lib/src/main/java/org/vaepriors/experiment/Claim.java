package org.vaepriors.experiment;

import java.util.List;
import java.util.Objects;

/**
 * A sentence of a paper, quoted, with where it stands, and the {@link Finding}s that test it on this run's numbers
 * (one per data set and model it applies to). A notebook's last cell shows every claim of its paper this way, so
 * that what is tested is what the paper says.
 *
 * @param quote    the paper's sentence, verbatim
 * @param where    where it stands, e.g. "Exemplar VAE supplement, section D (below Table 1)"
 * @param tested     how it is tested here, in one line (the proposition each finding judges)
 * @param exceptions how many of the findings the sentence itself lets go the other way ("in all cases except
 *                   one": 1); usually 0
 * @param findings   the findings, possibly none (the study has no cell the claim applies to)
 */
public record Claim(String quote, String where, String tested, int exceptions, List<Finding> findings) {
    /** Validates and copies. */
    public Claim {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(tested, "tested");
        if (exceptions < 0) {
            throw new IllegalArgumentException("exceptions must be >= 0, got " + exceptions);
        }
        findings = List.copyOf(findings);
    }

    /**
     * A claim that holds in every case it applies to.
     *
     * @param quote    the sentence
     * @param where    where it stands
     * @param tested   how it is tested
     * @param findings its findings
     */
    public Claim(String quote, String where, String tested, List<Finding> findings) {
        this(quote, where, tested, 0, findings);
    }

    /**
     * The claim over all its findings, by the one rule applied finding by finding: contradicted if more findings
     * are contradicted than the sentence allows exceptions, held if all but at most that many held, not shown
     * otherwise (including when there is no finding).
     *
     * @return the outcome
     */
    public Finding.Outcome outcome() {
        long held = count(Finding.Outcome.HELD);
        if (count(Finding.Outcome.CONTRADICTED) > exceptions) {
            return Finding.Outcome.CONTRADICTED;
        }
        if (findings.size() > exceptions && held >= findings.size() - exceptions) {
            return Finding.Outcome.HELD;
        }
        return Finding.Outcome.NOT_SHOWN;
    }

    private long count(Finding.Outcome o) {
        return findings.stream().filter(f -> f.outcome() == o).count();
    }

    /** @return e.g. "held in 2, not shown in 1, contradicted in 0 of 3" */
    public String tally() {
        long held = count(Finding.Outcome.HELD);
        long against = count(Finding.Outcome.CONTRADICTED);
        return "held in " + held + ", not shown in " + (findings.size() - held - against) + ", contradicted in " + against
                + " of " + findings.size();
    }
}

package org.vaepriors.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * "Protocol: ours vs the paper's", a notebook's settings line by line beside the paper's. The paper's side comes
 * from a CSV resource under {@code org/vaepriors/papers/} (columns {@code setting,paper,source}, like every paper
 * number, nothing typed into code); ours from the study. A line whose two sides differ says so, so that a scaled
 * run cannot be read as the paper's setting.
 *
 * <pre>{@code
 * Protocol.of("exemplar-vae-protocol.csv").ours("warm-up (epochs)", "10").ours("training images", "4000").table(...)
 * }</pre>
 */
public final class Protocol {
    private final String resource;
    private final Map<String, String> ours = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private final Map<String, Boolean> same = new LinkedHashMap<>();

    private Protocol(String resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    /**
     * @param resource the paper's protocol, a CSV under {@code org/vaepriors/papers/} with columns setting, paper,
     *                 source
     * @return an empty protocol against it
     */
    public static Protocol of(String resource) {
        return new Protocol(resource);
    }

    /**
     * @param setting a setting of the paper's CSV
     * @param value   ours
     * @return this
     * @throws IllegalArgumentException if the paper's protocol has no such setting
     */
    public Protocol ours(String setting, String value) {
        String paper = paper(setting);
        return ours(setting, value, value.equals(paper));
    }

    /**
     * Our value of a setting that says in other words what the paper's says (or not): the study decides whether it
     * is the paper's setting.
     *
     * @param setting a setting of the paper's CSV
     * @param value   ours
     * @param isPapers true if ours is the paper's setting
     * @return this
     * @throws IllegalArgumentException if the paper's protocol has no such setting
     */
    public Protocol ours(String setting, String value, boolean isPapers) {
        paper(setting);
        ours.put(setting, Objects.requireNonNull(value, "value"));
        same.put(setting, isPapers);
        return this;
    }

    private String paper(String setting) {
        return PaperNumbers.rows(resource).stream().filter(r -> r[0].equals(setting)).map(r -> r[1]).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the protocol " + resource + " has no setting '" + setting
                        + "'"));
    }

    /**
     * @param v a number such as a learning rate
     * @return it as the papers write it: "5e-4", "0.1", "100"
     */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        int exp = (int) Math.floor(Math.log10(Math.abs(v)));
        double mantissa = v / Math.pow(10, exp);
        if (exp < -2 && Math.abs(mantissa - Math.rint(mantissa)) < 1e-9) {
            return (long) Math.rint(mantissa) + "e" + exp;
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * @param setting a setting already given
     * @param note    why ours differs (or what the paper leaves open)
     * @return this
     */
    public Protocol note(String setting, String note) {
        if (!ours.containsKey(setting)) {
            throw new IllegalArgumentException("give our value of '" + setting + "' before a note on it");
        }
        notes.put(setting, note);
        return this;
    }

    /**
     * @return one row per setting given, in the paper's order: the setting, ours, the paper's, "same" or "differs",
     * a note, and where the paper states it
     */
    public Table table() {
        StringColumn setting = StringColumn.create("setting");
        StringColumn mine = StringColumn.create("ours");
        StringColumn paper = StringColumn.create("paper");
        StringColumn verdict = StringColumn.create("same?");
        StringColumn note = StringColumn.create("note");
        StringColumn source = StringColumn.create("source");
        for (String[] r : PaperNumbers.rows(resource)) {
            String v = ours.get(r[0]);
            if (v == null) {
                continue;
            }
            setting.append(r[0]);
            mine.append(v);
            paper.append(r[1]);
            verdict.append(same.get(r[0]) ? "same" : "differs");
            note.append(notes.getOrDefault(r[0], ""));
            source.append(r.length > 2 ? r[2] : "");
        }
        return Table.create("Protocol: ours vs the paper's", setting, mine, paper, verdict, note, source);
    }
}

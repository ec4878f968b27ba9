package org.vaepriors.experiment;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.joining.JoinType;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Typed table columns for the tables the library builds: numbers stay numbers (a notebook cell can sort, filter,
 * join and plot them) and print with a fixed number of decimals, the same in every locale. Notebook cells reach the
 * same helpers through {@code notebook.Tables}.
 */
public final class Columns {
    /** What a missing number prints as. */
    public static final String MISSING = "–";

    private Columns() {
    }

    /**
     * @param name     the column's name
     * @param decimals decimals to print (the stored value is not rounded)
     * @return an empty numeric column that prints with that many decimals, a missing value as {@link #MISSING}
     */
    public static DoubleColumn numbers(String name, int decimals) {
        DoubleColumn c = DoubleColumn.create(name);
        c.setPrintFormatter(format(decimals));
        return c;
    }

    /**
     * @param decimals decimals (0 or more)
     * @return a formatter with that many decimals, no grouping, the same in every locale
     */
    public static NumberColumnFormatter format(int decimals) {
        return new NumberColumnFormatter(new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT)), MISSING);
    }

    /** @return a formatter that prints a number as the papers print theirs: up to three decimals, none trailing */
    public static NumberColumnFormatter asPrinted() {
        return new NumberColumnFormatter(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)), MISSING);
    }

    /**
     * A paper's table joined beside ours: every row of ours, in its order, with the paper's matching row (a left
     * join on the key columns; missing where the paper has no such row). The paper's other columns are renamed
     * "&lt;name&gt;, paper" so that no column of ours is shadowed, and keep their numbers numeric.
     *
     * @param ours      our table
     * @param ourKeys   our key columns
     * @param paper     the paper's table ({@link PaperNumbers#table})
     * @param paperKeys the paper's key columns, matched to ours in order
     * @return the joined table, named as ours
     * @throws IllegalArgumentException if the key lists differ in length or are empty
     */
    public static Table besidePaper(Table ours, List<String> ourKeys, Table paper, List<String> paperKeys) {
        if (ourKeys.size() != paperKeys.size() || ourKeys.isEmpty()) {
            throw new IllegalArgumentException("join on as many of our key columns as the paper's, got " + ourKeys + " and "
                    + paperKeys);
        }
        Table p = paper.copy();
        for (Column<?> c : p.columns()) {
            if (!paperKeys.contains(c.name())) {
                c.setName(c.name() + ", paper");
                if (c instanceof DoubleColumn d) {
                    d.setPrintFormatter(asPrinted());
                }
            }
        }
        // a row number keeps our order: the join does not promise one
        Table o = ours.copy();
        String order = "row";
        while (o.containsColumn(order)) {
            order = "_" + order;
        }
        o.addColumns(IntColumn.indexColumn(order, o.rowCount(), 0));
        Table joined = o.joinOn(ourKeys.toArray(new String[0])).with(p).rightJoinColumns(paperKeys.toArray(new String[0]))
                .type(JoinType.LEFT_OUTER).join().sortAscendingOn(order);
        joined.removeColumns(order);
        joined.setName(ours.name());
        return joined;
    }
}

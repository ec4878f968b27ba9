package org.vaepriors.notebook;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as an HTML table, each cell as its column's print formatter shows it: numbers
 * right-aligned, text left-aligned.
 */
public final class HtmlTable {
    private HtmlTable() {
    }

    /**
     * @param table   the table
     * @param caption a caption, or null
     * @return an HTML {@code <table>} element
     */
    public static String of(Table table, String caption) {
        StringBuilder sb = new StringBuilder("<table class=\"vaepriors\" style=\"border-collapse:collapse\">");
        if (caption != null && !caption.isBlank()) {
            sb.append("<caption style=\"caption-side:top;text-align:left;font-weight:bold\">")
                    .append(escape(caption)).append("</caption>");
        }
        sb.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            sb.append("<th style=\"text-align:").append(align(c)).append(";padding:2px 8px;border-bottom:1px solid #888\">")
                    .append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (int i = 0; i < table.rowCount(); i++) {
            sb.append("<tr>");
            for (Column<?> c : table.columns()) {
                sb.append("<td style=\"text-align:").append(align(c)).append(";padding:2px 8px\">")
                        .append(escape(c.getString(i))).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    private static String align(Column<?> c) {
        return c instanceof NumericColumn<?> ? "right" : "left";
    }

    /**
     * @param s text
     * @return it with HTML's special characters escaped
     */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

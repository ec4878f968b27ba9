package org.vaepriors.ncp;

import java.util.Locale;

import org.vaepriors.experiment.PaperNumbers;
import org.vaepriors.math.Estimate;
import org.vaepriors.notebook.HtmlTable;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The table and the verdict of notebook 05 (NCP on the 25-Gaussians), from a run's numbers. */
public final class NcpReport {
    private NcpReport() {
    }

    /**
     * @param r a finished run
     * @return one row per model beside the paper's value (labelled), and the true data's best value
     */
    public static Table table(NcpRun.Result r) {
        NcpRun.Numbers n = r.numbers();
        NcpRun c = r.config();
        StringColumn model = StringColumn.create("model");
        StringColumn ours = StringColumn.create("mean log p(x), ours (nats)");
        StringColumn paper = StringColumn.create("the paper's (nats)");
        StringColumn far = StringColumn.create(String.format(Locale.ROOT, "generated points > %.0f sd from every mode",
                c.lowDensitySigmas()));
        model.append("true mixture: -H, the best achievable");
        ours.append(est(new Estimate(-n.entropy().mean(), n.entropy().standardError(), n.entropy().n())));
        paper.append("not given (std unstated)");
        far.append(pct(n.dataLowDensityShare()) + " (true samples)");
        model.append("VAE, p(z) = N(0, I)");
        ours.append(est(n.vaeLogLikelihood()));
        paper.append(String.format(Locale.ROOT, "%.3f", PaperNumbers.ncp("VAE")));
        far.append(pct(n.vaeLowDensityShare()));
        model.append("NCP-VAE");
        ours.append(est(n.ncpLogLikelihood()) + String.format(Locale.ROOT, " (log Z %.3f ± %.3f)", n.logZ().mean(),
                n.logZ().standardError()));
        paper.append(String.format(Locale.ROOT, "%.3f", PaperNumbers.ncp("NCP-VAE")));
        far.append(pct(n.ncpLowDensityShare()));
        model.append("for reference: decoded from q(z), as with a prior equal to the aggregate posterior");
        ours.append("");
        paper.append("");
        far.append(pct(n.posteriorLowDensityShare()));
        return Table.create(String.format(Locale.ROOT, "25-Gaussians (std %.2f): %,d test points, S = %d importance "
                        + "samples, log Z from %,d samples, %,d generated points; profile %s", c.vae().data().std(), c.testPoints(),
                c.iwSamples(), c.ncp().logZSamples(), c.generated(), c.profile()), model, ours, paper, far);
    }

    /**
     * "What we reproduced", written from the numbers: each claim of the paper with the verdict of this run,
     * and what the run cannot say.
     *
     * @param r a finished run
     * @return an HTML fragment
     */
    public static String verdict(NcpRun.Result r) {
        StringBuilder sb = new StringBuilder("<ul>");
        for (NcpRun.Claim c : r.claims()) {
            sb.append("<li><b>").append(c.held() ? "Held" : "Not shown by this run").append(":</b> ")
                    .append(HtmlTable.escape(c.claim())).append(". ").append(HtmlTable.escape(c.evidence())).append(".</li>");
        }
        NcpRun.Numbers n = r.numbers();
        sb.append("<li>The absolute values are not comparable with the paper's: it does not state the mixture's width. "
                + "With std ").append(String.format(Locale.ROOT, "%.2f", r.config().vae().data().std()))
                .append(" the best achievable mean log-likelihood is ")
                .append(String.format(Locale.ROOT, "%.3f", -n.entropy().mean())).append(" nats; NCP-VAE is ")
                .append(String.format(Locale.ROOT, "%.3f", -n.entropy().mean() - n.ncpLogLikelihood().mean()))
                .append(" nats below it, the VAE ")
                .append(String.format(Locale.ROOT, "%.3f", -n.entropy().mean() - n.vaeLogLikelihood().mean()))
                .append(".</li>");
        if (r.provenance().scaledDown()) {
            sb.append("<li>This run is scaled down (").append(HtmlTable.escape(r.provenance().knobs()))
                    .append("): its numbers are not the paper's settings.</li>");
        }
        return sb.append("</ul>").toString();
    }

    /**
     * A grey-level picture of where 2-D points fall: log(1 + count) per pixel, scaled to [0, 1], y up.
     *
     * @param points {@code [n][2]}
     * @param lo     lower bound of both axes
     * @param hi     upper bound of both axes
     * @param side   pixels per side
     * @return {@code [side * side]} row-major, the top row the largest y
     */
    public static float[] histogram(double[][] points, double lo, double hi, int side) {
        float[] px = new float[side * side];
        for (double[] p : points) {
            int col = (int) Math.floor((p[0] - lo) / (hi - lo) * side);
            int row = side - 1 - (int) Math.floor((p[1] - lo) / (hi - lo) * side);
            if (col >= 0 && col < side && row >= 0 && row < side) {
                px[row * side + col]++;
            }
        }
        float max = 0;
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) Math.log1p(px[i]);
            max = Math.max(max, px[i]);
        }
        for (int i = 0; i < px.length && max > 0; i++) {
            px[i] /= max;
        }
        return px;
    }

    private static String est(Estimate e) {
        return String.format(Locale.ROOT, "%.3f ± %.3f", e.mean(), e.standardError());
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}

package org.vaepriors.notebook;

import java.util.function.DoubleBinaryOperator;

import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/** Plot builders for the figures the notebooks share, on Tablesaw's jsplot (plotly). */
public final class Plots {
    private Plots() {
    }

    /**
     * A square layout with equal axis scales, for 2-D densities and latent spaces.
     *
     * @param title  the title
     * @param xTitle x-axis title
     * @param yTitle y-axis title
     * @return the layout
     */
    public static Layout squareLayout(String title, String xTitle, String yTitle) {
        return Layout.builder(title).width(560).height(480)
                .xAxis(Axis.builder().title(xTitle).build())
                .yAxis(Axis.builder().title(yTitle).scaleRatio(1.0).build())
                .build();
    }

    /**
     * A scatter plot of 2-D points.
     *
     * @param name   the trace's legend name
     * @param points {@code [n][2]}
     * @param size   marker size in pixels
     * @return the trace
     */
    public static ScatterTrace points(String name, double[][] points, double size) {
        double[] x = new double[points.length];
        double[] y = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            x[i] = points[i][0];
            y[i] = points[i][1];
        }
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name(name)
                .marker(Marker.builder().size(size).opacity(0.6).build()).build();
    }

    /**
     * A heat map of a 2-D log-density on a square grid, clipped below at {@code floor}: narrow modes that a
     * density heat map shows as single pixels stay visible, and so do the low-density regions between them.
     *
     * @param name       the trace's legend name
     * @param logDensity log p(x, y)
     * @param lo         lower grid bound (both axes)
     * @param hi         upper grid bound (both axes)
     * @param n          grid points per axis
     * @param floor      the lowest log-density shown, e.g. -10
     * @return the trace
     */
    public static HeatmapTrace logDensity(String name, DoubleBinaryOperator logDensity, double lo, double hi, int n,
                                          double floor) {
        return grid(name, (x, y) -> Math.max(floor, logDensity.applyAsDouble(x, y)), lo, hi, n);
    }

    private static HeatmapTrace grid(String name, DoubleBinaryOperator f, double lo, double hi, int n) {
        Double[] axis = new Double[n];
        for (int i = 0; i < n; i++) {
            axis[i] = lo + (hi - lo) * i / (n - 1);
        }
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z[i][j] = f.applyAsDouble(axis[j], axis[i]); // row = y, column = x
            }
        }
        HeatmapTrace.HeatmapBuilder b = HeatmapTrace.builder(axis, axis, z);
        b.name(name);
        return b.build();
    }

    /**
     * @param layout the layout
     * @param traces the traces, drawn in order
     * @return the figure
     */
    public static Figure figure(Layout layout, Trace... traces) {
        return new Figure(layout, traces);
    }
}

package org.vaepriors.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** Each plot's output stands alone: its div, and a script that loads plotly.js itself before drawing. */
class PlotOutputTest {
    @Test
    void everyPlotCarriesItsOwnLoaderAndNoCopyOfPlotly() {
        Figure fig = new Figure(Layout.builder("t").build(), ScatterTrace.builder(new double[]{1, 2}, new double[]{3, 4}).build());
        String html = PlotOutput.html("figA", fig.asJavascript("figA"), 700, 400);
        assertTrue(html.startsWith("<div id=\"figA\""), html);
        assertTrue(html.contains("width:700px;height:400px"));
        assertTrue(html.contains("if (window.Plotly) { draw(); return; }"));
        assertTrue(html.contains("'kernelspecs/vaepriors-java/plotly.min.js'"));
        assertTrue(html.contains("Plotly.newPlot"), "the figure is drawn");
        assertEquals(1, html.split("<script", -1).length - 1, "one script element: the figure's own is unwrapped");
        assertEquals(1, html.split("</script>", -1).length - 1);
        assertFalse(html.length() > 20_000, "plotly.js itself is not inlined: " + html.length() + " characters");
    }
}

package org.vaepriors.notebook;

import java.util.Locale;

/**
 * The HTML of one inline plot, complete in itself: a div and a script that draws the figure once plotly.js is
 * there, loading it first when it is not. So plots survive any order of execution, re-running one cell,
 * saving and reopening, in JupyterLab and the classic Notebook alike, and a notebook stores no copy of
 * plotly.js (4.6 MB) in its outputs.
 *
 * <p>plotly.js is served by the Jupyter server itself, from our kernelspec's folder
 * ({@code <base url>kernelspecs/vaepriors-java/plotly.min.js}, where the environment scripts put it): every
 * Jupyter serves its kernelspecs' files, so this needs no server extension. It is evaluated with
 * {@code define}, {@code exports} and {@code module} undefined, so that require.js (classic Notebook) does not
 * take it for an anonymous AMD module. Where no Jupyter server is (an HTML export), the export inlines
 * plotly.js in its head ({@code environment/execute_notebooks.py}); where it cannot be loaded, the plot's div
 * says why.
 */
final class PlotOutput {
    /** The file our kernelspec serves, relative to the Jupyter server's base URL. */
    static final String SERVED_PATH = "kernelspecs/vaepriors-java/plotly.min.js";

    private static final String LOADER = """
            (function (draw) {
              var div = document.getElementById('%1$s');
              if (window.Plotly) { draw(); return; }
              if (!window.vaepriorsPlotly) {
                var base = '/';
                var config = document.getElementById('jupyter-config-data');
                if (config) { try { base = JSON.parse(config.textContent).baseUrl || '/'; } catch (e) {} }
                else if (document.body && document.body.getAttribute('data-base-url')) { base = document.body.getAttribute('data-base-url'); }
                var url = base.replace(/\\/?$/, '/') + '%2$s';
                window.vaepriorsPlotly = fetch(url, {credentials: 'same-origin'}).then(function (r) {
                  if (!r.ok) { throw new Error(r.status + ' ' + r.statusText + ' for ' + url); }
                  return r.text();
                }).then(function (js) {
                  (new Function('define', 'exports', 'module', js))();
                  if (!window.Plotly) { throw new Error('no Plotly after evaluating ' + url); }
                });
                window.vaepriorsPlotly.catch(function () { window.vaepriorsPlotly = null; });
              }
              window.vaepriorsPlotly.then(draw, function (e) {
                if (div) { div.textContent = 'plotly.js could not be loaded (' + e.message + '): open the notebook in '
                  + 'a Jupyter where environment/setup.sh installed the kernel "vaepriors-java", and run the cell again.'; }
              });
            })(function () {
            %3$s
            });
            """;

    private PlotOutput() {
    }

    /**
     * @param div          the id of the plot's div
     * @param figureScript Tablesaw's {@code figure.asJavascript(div)}: a script element that draws into the div
     * @param width        div width in pixels
     * @param height       div height in pixels
     * @return the output's HTML
     */
    static String html(String div, String figureScript, int width, int height) {
        String body = figureScript.replaceFirst("(?s)^\\s*<script[^>]*>", "").replaceFirst("(?s)</script>\\s*$", "");
        return String.format(Locale.ROOT, "<div id=\"%s\" class=\"vaepriors-plot\" style=\"width:%dpx;height:%dpx\"></div>\n"
                + "<script type=\"text/javascript\">\n%s</script>\n", div, width, height, String.format(Locale.ROOT, LOADER, div, SERVED_PATH, body));
    }
}

package org.vaepriors.notebook;

import java.util.Locale;

/**
 * A progress bar for long loops, updated in place in the notebook and at most a few times a second, so
 * that training output stays one line instead of thousands.
 */
public final class Progress {
    private static final long MIN_INTERVAL_NANOS = 400_000_000L;

    private final String what;
    private final int total;
    private final Display.Handle handle;
    private final long start = System.nanoTime();
    private long lastUpdate;

    Progress(Display display, String what, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be >= 1, got " + total);
        }
        this.what = what;
        this.total = total;
        this.handle = display.updatable(render(0, ""));
    }

    /**
     * @param done    steps done so far
     * @param message a short status, e.g. "loss 98.3"
     */
    public void update(int done, String message) {
        long now = System.nanoTime();
        if (done < total && now - lastUpdate < MIN_INTERVAL_NANOS) {
            return;
        }
        lastUpdate = now;
        handle.update(render(done, message));
    }

    /** @param message the final status */
    public void finish(String message) {
        handle.update(render(total, message));
    }

    private String render(int done, String message) {
        double secs = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "<div><progress value=\"%d\" max=\"%d\" style=\"width:240px\"></progress> "
                        + "%s %d/%d &middot; %.1f s %s</div>", done, total, HtmlTable.escape(what), done, total, secs,
                HtmlTable.escape(message));
    }
}

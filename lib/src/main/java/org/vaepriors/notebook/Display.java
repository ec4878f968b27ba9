package org.vaepriors.notebook;

/**
 * Where notebook output goes: the running Jupyter kernel's rich display when there is one (this project's
 * kernel, IJava, JJava or rapaio, found by reflection so the library needs none of them), else standard output.
 */
public interface Display {

    /** @param html an HTML fragment to show */
    void html(String html);

    /** @param png a PNG image to show */
    void png(byte[] png);

    /** @param text plain text to show */
    void text(String text);

    /**
     * Shows HTML that later calls can replace in place (a progress bar).
     *
     * @param html the first content
     * @return a handle for updates
     */
    Handle updatable(String html);

    /** @return true when output is rendered by a notebook front end (HTML, PNG, scripts) */
    boolean rich();

    /** A display that can be updated in place. */
    interface Handle {
        /** @param html the new content */
        void update(String html);
    }

    /** @return the display of the kernel this code runs in, or standard output */
    static Display detect() {
        return KernelDisplays.detect();
    }
}

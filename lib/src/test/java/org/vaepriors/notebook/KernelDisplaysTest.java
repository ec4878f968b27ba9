package org.vaepriors.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.spencerpark.ijava.IJava;

/**
 * The display adapter against the real display libraries of the IJava line: what reaches the kernel's
 * display stream for HTML, PNG, text and an updatable display (a progress bar).
 */
class KernelDisplaysTest {
    private CapturingKernels.JJava jjava;

    @AfterEach
    void stopKernels() {
        if (jjava != null) {
            jjava.uninstall();
        }
        IJava.setKernelInstance(null);
    }

    @Test
    void jjavaLineKernelGetsMimeBundlesAndUpdatesInPlace() {
        jjava = new CapturingKernels.JJava();
        jjava.install();
        exercise(Display.detect(), jjava.shown);
    }

    @Test
    void ijavaKernelGetsMimeBundlesAndUpdatesInPlace() {
        CapturingKernels.IJava k = new CapturingKernels.IJava();
        IJava.setKernelInstance(k);
        exercise(Display.detect(), k.shown);
    }

    @Test
    void progressBarMovesThroughDisplayUpdates() {
        jjava = new CapturingKernels.JJava();
        jjava.install();
        Progress bar = new Progress(Display.detect(), "epochs", 3);
        bar.update(3, "loss 98.3");
        assertEquals(2, jjava.shown.size());
        CapturingKernels.Shown first = jjava.shown.get(0);
        CapturingKernels.Shown last = jjava.shown.get(1);
        assertFalse(first.update());
        assertTrue(last.update(), "the bar is updated in place, not shown again");
        assertEquals(first.displayId(), last.displayId());
        assertTrue(((String) first.data().get("text/html")).contains("value=\"0\""));
        assertTrue(((String) last.data().get("text/html")).contains("value=\"3\""));
        assertTrue(((String) last.data().get("text/html")).contains("loss 98.3"));
    }

    @Test
    void aKernelWithoutTheDisplayApiIsNamedNotPrintedAround() {
        IJava.setKernelInstance(new Object());
        IllegalStateException e = assertThrows(IllegalStateException.class, Display::detect);
        assertTrue(e.getMessage().contains("io.github.spencerpark.ijava.IJava"), e.getMessage());
        assertTrue(e.getMessage().contains("display(DisplayData)"), e.getMessage());
    }

    @Test
    void withoutAKernelOutputIsPlainText() {
        assertFalse(Display.detect().rich());
    }

    private static void exercise(Display d, List<CapturingKernels.Shown> shown) {
        assertTrue(d.rich());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        d.html("<b>table</b>");
        d.png(png);
        d.text("plain");
        Display.Handle h = d.updatable("<progress value=\"0\"></progress>");
        h.update("<progress value=\"5\"></progress>");

        assertEquals(5, shown.size());
        assertEquals("<b>table</b>", shown.get(0).data().get("text/html"));
        assertEquals(Base64.getEncoder().encodeToString(png), shown.get(1).data().get("image/png"));
        assertFalse(shown.get(1).data().containsKey("text/plain"), "an image, not its base64 as text");
        assertEquals("plain", shown.get(2).data().get("text/plain"));
        CapturingKernels.Shown bar = shown.get(3);
        CapturingKernels.Shown moved = shown.get(4);
        assertFalse(bar.update());
        assertNotNull(bar.displayId());
        assertTrue(moved.update());
        assertEquals(bar.displayId(), moved.displayId());
        assertEquals("<progress value=\"5\"></progress>", moved.data().get("text/html"));
    }
}

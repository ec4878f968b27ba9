package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vaepriors.data.DatasetId;
import org.vaepriors.model.ArchitectureSpec;
import tech.tablesaw.api.Table;

/** The papers' tables read back as the papers print them (spot checks against the papers' text). */
class PaperNumbersTest {
    @Test
    void tablesAreTypedAndSplitMeanAndSpread() {
        Table t1 = PaperNumbers.table("exemplar-vae-table1-active-units.csv");
        assertTrue(t1.name().startsWith("Exemplar VAE supplement"), t1.name());
        assertEquals(24.0, t1.doubleColumn("active units").get(0), 0);
        assertEquals(0.63, t1.doubleColumn("active units sd").get(0), 0);
        Table d3 = PaperNumbers.table("lars-table-d3-truncation.csv");
        assertEquals(7, d3.rowCount());
        assertEquals(82.67, d3.doubleColumn("nll").get(6), 0);
        assertEquals(2e-6, d3.doubleColumn("z").get(6), 0);
        assertEquals("inf", d3.stringColumn("truncation").get(6));
    }

    @Test
    void lookupsFindThePapersCells() {
        assertEquals(83.03, PaperNumbers.larsTable1(ArchitectureSpec.Kind.VAE, DatasetId.MNIST_10K).orElseThrow()[1], 0);
        assertEquals(0.023, PaperNumbers.larsPostHoc(DatasetId.MNIST_10K, "post-hoc").orElseThrow()[3], 0);
        assertEquals(-0.954, PaperNumbers.ncp("NCP-VAE"), 0);
        assertEquals(0.69, PaperNumbers.exemplarAugmentationError(), 0);
    }
}

package org.vaepriors.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The protocol table, the quoted CSV fields it needs, and a paper table joined beside ours. */
class ProtocolAndColumnsTest {

    @Test
    void csvFieldsMayHoldQuotedCommas() {
        assertArrayEquals(new String[]{"a", "50,000 (MNIST, x)", "say \"hi\"", ""},
                PaperNumbers.fields("a,\"50,000 (MNIST, x)\",\"say \"\"hi\"\"\","));
        assertArrayEquals(new String[]{"1", "", "3"}, PaperNumbers.fields("1,,3"));
    }

    @Test
    void eachSettingIsComparedWithThePapersAndItsSourceShown() {
        Table t = Protocol.of("exemplar-vae-protocol.csv").ours("batch size", "100").ours("warm-up (epochs)", "10")
                .note("warm-up (epochs)", "scaled").table();
        assertEquals(2, t.rowCount());
        assertEquals("batch size", t.stringColumn("setting").get(0), "in the paper's order");
        assertEquals("same", t.stringColumn("same?").get(0));
        assertEquals("differs", t.stringColumn("same?").get(1));
        assertEquals("100", t.stringColumn("paper").get(1));
        assertTrue(t.stringColumn("source").get(1).startsWith("VampPrior paper"));
        assertEquals("50,000 (MNIST, Fashion-MNIST); 23,000 (Omniglot)", Protocol.of("exemplar-vae-protocol.csv")
                .ours("training images", "4000").table().stringColumn("paper").get(0));
        assertThrows(IllegalArgumentException.class, () -> Protocol.of("exemplar-vae-protocol.csv").ours("no such", "1"));
    }

    @Test
    void thePapersTableJoinsBesideOursInOurOrder() {
        Table ours = Table.create("ours", StringColumn.create("model", "HVAE", "VAE", "VAE"),
                StringColumn.create("prior", "vamp", "exemplar", "mog"), StringColumn.create("paper data", "MNIST", "MNIST", "MNIST"),
                DoubleColumn.create("active units", 33, 40, 12));
        Table joined = Columns.besidePaper(ours, List.of("model", "prior", "paper data"),
                PaperNumbers.table("exemplar-vae-table1-active-units.csv"), List.of("architecture", "prior", "dataset"));
        assertEquals(List.of("model", "prior", "paper data", "active units", "active units, paper", "active units sd, paper"),
                joined.columnNames());
        assertEquals(List.of("HVAE", "VAE", "VAE"), joined.stringColumn("model").asList(), "our rows, our order");
        assertEquals(40.0, joined.doubleColumn("active units").get(1), 0);
        assertEquals(20.4, joined.doubleColumn("active units, paper").get(0), 0);
        assertEquals(0.49, joined.doubleColumn("active units sd, paper").get(1), 0);
        assertTrue(joined.doubleColumn("active units, paper").isMissing(2), "the paper has no MoG row in Table 1");
        assertEquals("0.49", joined.doubleColumn("active units sd, paper").getString(1));
    }
}

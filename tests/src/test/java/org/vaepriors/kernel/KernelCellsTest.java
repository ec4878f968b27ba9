package org.vaepriors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Our kernel as a user meets it, through Jupyter's client: started from a kernelspec with the kernel jar only,
 * the library added at run time with {@code %jars} (IJava's way) and ND4J's backend found; output streams,
 * IJava's display API, compile errors and exceptions reported in the cell, and a runaway cell interrupted
 * with the kernel still usable.
 */
class KernelCellsTest {
    private static JsonNode cells;

    @BeforeAll
    static void runCells() throws Exception {
        Path dir = Python.OUT.resolve("kernel-cells");
        Path spec = dir.resolve("kernels/vaepriors-bare");
        Files.createDirectories(spec);
        ObjectMapper json = new ObjectMapper();
        json.writeValue(spec.resolve("kernel.json").toFile(), Map.of(
                "argv", List.of("java", "-Xmx1g", "-cp", Python.KERNEL_JAR.toString(), "org.vaepriors.kernel.KernelMain",
                        "{connection_file}"),
                "display_name", "kernel jar only", "language", "java", "interrupt_mode", "message",
                "env", Map.of("OMP_NUM_THREADS", "1", "VAEPRIORS_HOME", Python.ROOT.toString())));
        ArrayNode list = json.createArrayNode();
        for (String code : List.of(
                "%jars " + Python.LIB_JAR,
                "import org.vaepriors.notebook.Notebook;\nvar nb = Notebook.start(\"jars\");",
                "org.nd4j.linalg.factory.Nd4j.create(new float[]{1, 2, 3}).sumNumber().intValue()",
                "System.out.println(\"to stdout\"); System.err.println(\"to stderr\");",
                "display(new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB));",
                "int x = \"not an int\";",
                "Integer.parseInt(\"twelve\")")) {
            list.addObject().put("code", code);
        }
        list.addObject().put("code", "while (true) { Math.sqrt(2); }").put("interrupt_after", 3);
        list.addObject().put("code", "6 * 7");
        Path in = dir.resolve("cells.json");
        json.writeValue(in.toFile(), list);
        Path out = dir.resolve("outputs.json");
        Python.run("run_cells.py", Map.of("JUPYTER_PATH", dir.toString()), Duration.ofMinutes(5),
                "--kernel", "vaepriors-bare", "--cells", in.toString(), "--json", out.toString());
        cells = Python.json(out);
    }

    @Test
    void theLibraryAddedAtRunTimeFindsNd4jsBackend() {
        assertEquals("ok", cells.get(0).get("status").asText(), cells.get(0).toString());
        JsonNode start = cells.get(1);
        assertEquals("ok", start.get("status").asText(), start.toString());
        String header = start.get("outputs").get(0).get("data").get("text/html").asText();
        assertTrue(header.contains("VAE Priors Lab") && header.contains("CPU"), header);
        assertEquals("6", result(cells.get(2)), cells.get(2).toString());
    }

    @Test
    void streamsAndDisplaysReachTheCell() {
        JsonNode streams = cells.get(3).get("outputs");
        assertEquals("stdout", streams.get(0).get("name").asText());
        assertEquals("to stdout\n", streams.get(0).get("text").asText());
        assertEquals("stderr", streams.get(1).get("name").asText());
        JsonNode image = cells.get(4).get("outputs").get(0);
        assertEquals("display_data", image.get("type").asText());
        assertTrue(image.get("data").has("image/png"), image.toString());
    }

    @Test
    void compileErrorsAndExceptionsAreReportedInTheCell() {
        JsonNode compile = cells.get(5);
        assertEquals("error", compile.get("status").asText());
        JsonNode e = compile.get("outputs").get(0);
        assertEquals("CompileError", e.get("ename").asText());
        assertTrue(e.get("evalue").asText().contains("incompatible types"), e.toString());
        JsonNode thrown = cells.get(6).get("outputs").get(0);
        assertEquals("NumberFormatException", thrown.get("ename").asText());
        assertTrue(thrown.get("evalue").asText().contains("twelve"), thrown.toString());
    }

    @Test
    void anInterruptedCellStopsAndTheKernelGoesOn() {
        JsonNode loop = cells.get(7);
        assertEquals("error", loop.get("status").asText(), loop.toString());
        assertEquals("InterruptedException", loop.get("outputs").get(0).get("ename").asText(), loop.toString());
        assertEquals("42", result(cells.get(8)), cells.get(8).toString());
    }

    private static String result(JsonNode cell) {
        for (JsonNode o : cell.get("outputs")) {
            if (o.get("type").asText().equals("execute_result")) {
                return o.get("data").get("text/plain").asText();
            }
        }
        return null;
    }
}

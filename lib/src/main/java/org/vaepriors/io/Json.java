package org.vaepriors.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Canonical JSON: properties and map keys sorted, so that equal values give equal text, indented in files
 * for people; hashed in its compact form (no line separators, so the same on every platform). Records
 * map through Jackson's record support. Polymorphic types (prior specs, run configs) carry a type name
 * that each package registers in a Jackson module, found through Jackson's module service
 * ({@code META-INF/services/com.fasterxml.jackson.databind.Module}): the library's lower layers need not
 * know the papers' packages.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .addModules(ObjectMapper.findModules(Json.class.getClassLoader()))
            .build();
    private static final ObjectWriter COMPACT = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** @return the shared mapper */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param value a record or other Jackson-serialisable value
     * @return its canonical JSON text
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * @param value a record or other Jackson-serialisable value
     * @return the SHA-256 (hex) of its canonical compact JSON: a run id that does not depend on the platform
     */
    public static String sha256(Object value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(COMPACT.writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param text JSON text
     * @param type the type to read
     * @param <T>  the type
     * @return the value
     */
    public static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param file a JSON file
     * @param type the type to read
     * @param <T>  the type
     * @return the value
     * @throws UncheckedIOException if the file cannot be read
     */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return read(Files.readString(file, StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Writes a value as JSON, atomically.
     *
     * @param file  the target
     * @param value the value
     */
    public static void write(Path file, Object value) {
        AtomicFiles.write(file, (write(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}

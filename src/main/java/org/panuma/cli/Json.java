package org.panuma.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.panuma.api.PageCounts;
import org.panuma.spi.IdSet;

/** The JSON conventions of every command: addresses as hex strings, sizes in bytes, counts as numbers. */
final class Json {
    private Json() {
    }

    /**
     * Built on first use, not when this class is: text output uses {@link #hex} too, and an
     * ObjectMapper loads hundreds of Jackson classes (BENCHMARKS.md, item 5).
     */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The one mapper of the command line's JSON (indented). */
    static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    static ObjectNode object() {
        return mapper().createObjectNode();
    }

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    /** {"0": n, "1": m}: pages per node. */
    static ObjectNode byNode(ObjectNode parent, String field, Map<Integer, Long> counts) {
        ObjectNode o = parent.putObject(field);
        counts.forEach((node, n) -> o.put(Integer.toString(node), n));
        return o;
    }

    /** [0, 1]: a set of nodes or CPUs, as every command prints one (never a string like "0-1"). */
    static ArrayNode ids(ObjectNode parent, String field, IdSet ids) {
        ArrayNode a = parent.putArray(field);
        ids.stream().forEach(a::add);
        return a;
    }

    /** [0, 1] from a kernel list like "0-1" or "0,2" ("" is []). */
    static ArrayNode ids(ObjectNode parent, String field, String kernelList) {
        ArrayNode a = parent.putArray(field);
        if (!kernelList.isBlank()) {
            java.util.BitSet b = org.panuma.spi.IdListParser.parse(kernelList);
            b.stream().forEach(a::add);
        }
        return a;
    }

    /** Every outcome of the counts (nodes, errno names, words), keyed by its text. */
    static ObjectNode counts(ObjectNode parent, String field, PageCounts counts) {
        ObjectNode o = parent.putObject(field);
        counts.asMap().forEach((k, v) -> o.put(k.toString(), v));
        return o;
    }

    /**
     * A generator that writes to {@code out} exactly as {@link #write} renders a tree (the same
     * indentation), for output too large to build as a tree first. Closing it does not close
     * {@code out}.
     */
    static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = mapper().writer().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    /** {@link #byNode(ObjectNode, String, Map)} written as it goes. */
    static void byNode(JsonGenerator g, String field, Map<Integer, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            g.writeNumberField(Integer.toString(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }

    /** {@link #counts(ObjectNode, String, PageCounts)} written as it goes. */
    static void counts(JsonGenerator g, String field, PageCounts counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<?, Long> e : counts.asMap().entrySet()) {
            g.writeNumberField(e.getKey().toString(), e.getValue());
        }
        g.writeEndObject();
    }

    static String write(ObjectNode root) {
        try {
            return mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

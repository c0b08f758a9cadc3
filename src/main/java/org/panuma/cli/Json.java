package org.panuma.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    static String write(ObjectNode root) {
        try {
            return mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

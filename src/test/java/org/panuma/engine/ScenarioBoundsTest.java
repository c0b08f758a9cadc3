package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.panuma.cli.scenario.ScenarioException;
import org.panuma.cli.scenario.ScenarioFile;
import org.panuma.engine.scenario.ScenarioResult;
import org.panuma.fuzz.Bounded;
import org.panuma.fuzz.FuzzTally;

/**
 * Scenario files are input: whatever sizes and ids one names, a run ends within a deadline and an
 * allocation budget, with a result or a ScenarioException naming the field, never another
 * exception (an index out of bounds was exit 70), a loop (a node range to 2147483647) or a heap
 * blow-up (two billion pages: 6 GB, or an OutOfMemoryError).
 */
class ScenarioBoundsTest {
    static final FuzzTally TALLY = new FuzzTally("scenario-files");
    /** A loop catcher, not a speed test: generous for a loaded 2-core machine. */
    static final Bounded BOUNDED = new Bounded(60_000);
    /** Bytes one run may allocate: the largest machine the limits allow is about 100 MB of model. */
    static final long BUDGET = 600L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "\"topology\": {\"nodes\": [{\"id\": 0, \"pages\": 4096}, {\"id\": 1, \"pages\":"
            + " 4096}]}, \"tasks\": [{\"pid\": 100, \"memsAllowed\": \"0-1\", \"vmas\": [{\"name\": \"heap\", \"start\":"
            + " \"0x10000000\", \"pages\": 16, \"populate\": [{\"page\": 0, \"count\": 2, \"node\": 0}]}]}]";

    @AfterContainer
    static void report() {
        TALLY.write();
        BOUNDED.close();
    }

    private static void endsCleanly(String property, String json, String mustName) {
        Bounded.Outcome<ScenarioResult> o = BOUNDED.run(json, BUDGET,
                () -> ScenarioFile.run(new StringReader(json), null));
        if (o.thrown() == null) {
            assertNotNull(o.value());
            assertTrue(mustName == null, "accepted, but it should name " + mustName + ": " + json);
            TALLY.count(property, false);
            return;
        }
        if (!(o.thrown() instanceof ScenarioException) && !(o.thrown() instanceof IllegalArgumentException)) {
            throw new AssertionFailedError("not a clean rejection: " + o.thrown() + " for " + Bounded.abbreviate(json),
                    o.thrown());
        }
        if (mustName != null) {
            assertTrue(o.thrown().getMessage().contains(mustName), o.thrown().getMessage());
        }
        TALLY.count(property, true);
    }

    @Test
    void hugeOrNegativeSizesAndIds_areRefused_namingTheField() {
        endsCleanly("hostile", "{\"topology\": {\"nodes\": [{\"id\": 2147483647, \"pages\": 16}]}, \"tasks\": [],"
                + " \"calls\": []}", "topology.nodes[0].id: 2147483647");
        endsCleanly("hostile", "{\"topology\": {\"nodes\": [{\"id\": -5, \"pages\": 16}]}, \"tasks\": [], \"calls\": []}",
                "topology.nodes[0].id: -5");
        endsCleanly("hostile", "{\"topology\": {\"nodes\": [{\"id\": 0, \"pages\": 2000000000}]}, \"tasks\": [],"
                + " \"calls\": []}", "topology.nodes[0].pages");
        endsCleanly("hostile", "{\"tasks\": [{\"pid\": 100, \"vmas\": [{\"name\": \"heap\", \"pages\": 2000000000}]}],"
                + " \"calls\": []}", "tasks[0].vmas[0].pages");
        endsCleanly("hostile", "{\"tasks\": [{\"pid\": 100, \"memsAllowed\": \"0-2147483647\", \"vmas\": []}],"
                + " \"calls\": []}", "tasks[0].memsAllowed");
        endsCleanly("hostile", "{" + BASE + ", \"calls\": [{\"syscall\": \"migrate_pages\", \"caller\": 100, \"pid\":"
                + " 100, \"from\": \"0\", \"to\": \"1-2147483647\"}]}", "calls[0].to");
        endsCleanly("hostile", "{" + BASE + ", \"calls\": [{\"caller\": 100, \"pid\": 0, \"pages\": [{\"vma\": \"heap\","
                + " \"page\": 0, \"count\": 2147483647}], \"nodes\": 1}]}", "calls[0].pages[].count");
        endsCleanly("hostile", "{" + BASE + ", \"calls\": [{\"syscall\": \"migrate_pages\", \"caller\": 100, \"pid\":"
                + " 100, \"from\": \"0\", \"to\": \"\u0661\"}]}", "calls[0].to");
        endsCleanly("hostile", "{" + BASE + ", \"calls\": [{\"caller\": 100, \"pid\": 0, \"pages\": [{\"vma\": \"heap\","
                + " \"page\": 0, \"count\": 2}], \"nodes\": 2147483647}]}", null);
    }

    @Property(tries = 400)
    void mutatedExampleScenarios_endCleanly_withinTimeAndMemory(@ForAll("mutatedExamples") String json) {
        endsCleanly("mutated-examples", json, null);
    }

    @Provide
    Arbitrary<String> mutatedExamples() {
        List<JsonNode> examples = examples();
        return Arbitraries.longs().map(seed -> mutate(examples, new Random(seed)));
    }

    @Property(tries = 300)
    void examplesWithRandomTimedEvents_endCleanly_withinTimeAndMemory(@ForAll("withEvents") String json) {
        endsCleanly("timed-events", json, null);
    }

    @Provide
    Arbitrary<String> withEvents() {
        List<JsonNode> examples = examples();
        return Arbitraries.longs().map(seed -> addEvents(examples, new Random(seed)));
    }

    private static final Object[] EVENT_VALUES = {0, 1, 2, 3, 9, 10, 11, -1, Integer.MAX_VALUE, Long.MIN_VALUE, 1e308, "1", "",
        "heap", "journal", "data", "free", "unmap", "truncate", "lock", "unlock", "startWriteback", "endWriteback", "get",
        "put", "explode", true, null};
    private static final String[] EVENT_FIELDS = {"beforePass", "afterEntry", "action", "vma", "page", "pid", "refs"};

    /** An example with one to four events of random fields and values added to random calls. */
    static String addEvents(List<JsonNode> examples, Random random) {
        JsonNode root = examples.get(random.nextInt(examples.size())).deepCopy();
        ArrayNode calls = (ArrayNode) root.get("calls");
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n && calls.size() > 0; i++) {
            ObjectNode call = (ObjectNode) calls.get(random.nextInt(calls.size()));
            ArrayNode events = call.has("events") && call.get("events").isArray() ? (ArrayNode) call.get("events")
                    : call.putArray("events");
            ObjectNode e = events.addObject();
            e.put(random.nextBoolean() ? "beforePass" : "afterEntry", random.nextInt(12));
            e.put("action", ((String) EVENT_VALUES[15 + random.nextInt(10)]));
            e.put("vma", random.nextBoolean() ? "heap" : "journal");
            e.put("page", random.nextInt(6));
            for (int k = random.nextInt(3); k > 0; k--) {
                Object v = EVENT_VALUES[random.nextInt(EVENT_VALUES.length)];
                e.set(EVENT_FIELDS[random.nextInt(EVENT_FIELDS.length)],
                        v == null ? JsonNodeFactory.instance.nullNode() : JSON.valueToTree(v));
            }
        }
        return root.toString();
    }

    /** Extreme values for numbers and node lists, put in place of a few leaves of an example. */
    private static final Object[] EXTREMES = {0, -1, -5, 1, 2, 1023, 1024, 65535, 1 << 20, 1 << 22, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1e308, -0.0, Double.NaN, "0-2147483647", "2147483647",
        "-5", "0-", "\u0661", "0x7fffffffffffffff", "0xffffffffffffffff", "", "forever", "0,1,0-1023", true, null};

    static String mutate(List<JsonNode> examples, Random random) {
        JsonNode root = examples.get(random.nextInt(examples.size())).deepCopy();
        List<JsonNode[]> leaves = new ArrayList<>();
        collect(root, leaves);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && !leaves.isEmpty(); i++) {
            JsonNode[] leaf = leaves.get(random.nextInt(leaves.size()));
            Object v = EXTREMES[random.nextInt(EXTREMES.length)];
            JsonNode value = v == null ? JsonNodeFactory.instance.nullNode() : JSON.valueToTree(v);
            ContainerNode<?> parent = (ContainerNode<?>) leaf[0];
            if (parent instanceof ObjectNode o) {
                o.set(leaf[1].asText(), value);
            } else {
                ((ArrayNode) parent).set(leaf[1].asInt(), value);
            }
        }
        return root.toString();
    }

    /** Every value leaf as {parent, key or index}. */
    private static void collect(JsonNode node, List<JsonNode[]> out) {
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    out.add(new JsonNode[] {o, JsonNodeFactory.instance.textNode(e.getKey())});
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isValueNode()) {
                    out.add(new JsonNode[] {a, JsonNodeFactory.instance.numberNode(i)});
                } else {
                    collect(a.get(i), out);
                }
            }
        }
    }

    private static List<JsonNode> examples() {
        try (Stream<Path> s = Files.list(Path.of("examples", "scenarios"))) {
            List<JsonNode> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                out.add(JSON.readTree(Files.readString(p)));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

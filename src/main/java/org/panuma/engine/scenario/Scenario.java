package org.panuma.engine.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * A parsed scenario file (format: docs/scenarios.md): topology, timing, memory cgroups, files,
 * tasks with their VMAs and page states, and the calls to make. Parsing checks the JSON; building
 * the machine ({@link ScenarioRunner}) checks the content and names the offending field.
 */
public final class Scenario {
    /** A file is input: its size, nesting and strings are bounded before any of it is built ({@link ScenarioLimits}). */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(ScenarioLimits.MAX_FILE_BYTES)
                    .maxNestingDepth(ScenarioLimits.MAX_NESTING)
                    .maxStringLength(ScenarioLimits.MAX_STRING_CHARS)
                    .build())
            .build());

    private final JsonNode root;

    private Scenario(JsonNode root) {
        this.root = Objects.requireNonNull(root);
        if (!root.isObject()) {
            throw new ScenarioException("a scenario is a JSON object");
        }
        if (!root.path("tasks").isArray() || !root.path("calls").isArray()) {
            throw new ScenarioException("a scenario needs \"tasks\" and \"calls\" arrays");
        }
    }

    public static Scenario parse(String json) {
        try {
            return new Scenario(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new ScenarioException("not valid JSON: " + e.getMessage());
        }
    }

    public static Scenario parse(Reader reader) {
        try {
            return new Scenario(MAPPER.readTree(reader));
        } catch (IOException e) {
            throw new ScenarioException("not valid JSON: " + e.getMessage());
        }
    }

    public String name() {
        return root.path("name").asText("scenario");
    }

    public String description() {
        return root.path("description").asText("");
    }

    /** The profile the file asks for, or null. */
    public String profile() {
        return root.hasNonNull("profile") ? root.get("profile").asText() : null;
    }

    /**
     * The profiles the scenario models, by id ("v6.1", "v6.12"), from its {@code profiles} array; empty
     * when it names none (it then runs on every profile). A scenario of large folios, for one, means
     * nothing on the seeds, which predate THP.
     */
    public java.util.List<String> profiles() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (JsonNode n : root.path("profiles")) {
            ids.add(org.panuma.engine.KernelProfile.byName(n.asText()).id());
        }
        return ids;
    }

    public long seed() {
        return root.path("seed").asLong(0);
    }

    JsonNode root() {
        return root;
    }
}

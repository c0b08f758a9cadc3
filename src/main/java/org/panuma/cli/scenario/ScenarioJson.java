package org.panuma.cli.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.panuma.engine.scenario.ScenarioResult;

/** A scenario's result as JSON (`panuma simulate --json`; shape: docs/scenarios.md). */
public final class ScenarioJson {
    private ScenarioJson() {
    }

    /** The report as a JSON tree. */
    public static ObjectNode toJson(ScenarioResult result) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", result.scenario());
        root.put("profile", result.profile());
        root.put("simulated", true);
        root.put("seed", result.seed());
        ArrayNode arr = root.putArray("calls");
        for (ScenarioResult.CallOutcome c : result.calls()) {
            ObjectNode cn = arr.addObject();
            cn.put("call", c.call());
            if (c.oops() != null) {
                cn.put("oops", c.oops());
            } else {
                cn.put("return", c.returnValue());
            }
            if (c.errno() != null) {
                cn.put("errno", c.errno());
            }
            ArrayNode es = cn.putArray("entries");
            for (ScenarioResult.Entry e : c.entries()) {
                ObjectNode en = es.addObject();
                en.put("index", e.index());
                en.put("address", "0x" + Long.toHexString(e.address()));
                if (e.targetNode() != null) {
                    en.put("targetNode", e.targetNode());
                }
                if (e.status() != null) {
                    en.put("status", e.status());
                } else {
                    en.putNull("status");
                }
                en.put("outcome", e.outcome().name());
                if (e.pass() != null) {
                    en.put("pass", e.pass());
                }
                en.put("reason", e.reason());
            }
            ArrayNode notes = cn.putArray("notes");
            c.notes().forEach(notes::add);
            ObjectNode vm = cn.putObject("vmstat");
            c.vmstat().forEach(vm::put);
        }
        return root;
    }

    public static String toJsonString(ScenarioResult result) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

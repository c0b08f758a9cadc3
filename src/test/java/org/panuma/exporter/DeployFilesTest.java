package org.panuma.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.panuma.api.Numa;
import org.panuma.api.NumaUsage;
import org.panuma.api.ProcessSelection;
import org.panuma.os.ProcFs;

/**
 * The deployment files say what the README says they say: the DaemonSet and the systemd unit
 * grant CAP_SYS_PTRACE and nothing else, keep the filesystem read-only and set limits; every
 * metric the Grafana dashboard queries is one the exporter serves.
 */
class DeployFilesTest {
    static final Path DAEMONSET = Path.of("deploy/kubernetes/panuma-exporter.yaml");
    static final Path UNIT = Path.of("deploy/systemd/panuma-exporter.service");
    static final Path DASHBOARD = Path.of("deploy/grafana/panuma-numa.json");

    @Test
    void daemonSet_hostPid_onlySysPtrace_readOnlyRoot_limits() throws Exception {
        String y = Files.readString(DAEMONSET);
        assertTrue(y.contains("kind: DaemonSet"));
        assertTrue(y.contains("hostPID: true"));
        assertTrue(y.contains("drop: [\"ALL\"]"), "every capability dropped");
        assertEquals(List.of("add: [\"SYS_PTRACE\"]"), lines(y, "add:"), "one capability added");
        assertTrue(y.contains("readOnlyRootFilesystem: true"));
        assertTrue(y.contains("allowPrivilegeEscalation: false"));
        assertTrue(y.contains("privileged: false"));
        assertTrue(y.matches("(?s).*limits:\\s+cpu: \\S+\\s+memory: \\S+.*"), "CPU and memory limits");
        assertTrue(y.contains("--listen=0.0.0.0:9464"), "a pod listens on its address, explicitly");
    }

    @Test
    void systemdUnit_oneCapability_noNewPrivileges_strictSystemProtection() throws Exception {
        String u = Files.readString(UNIT);
        assertEquals(List.of("CapabilityBoundingSet=CAP_SYS_PTRACE"), lines(u, "CapabilityBoundingSet="));
        assertEquals(List.of("AmbientCapabilities=CAP_SYS_PTRACE"), lines(u, "AmbientCapabilities="));
        assertEquals(List.of("NoNewPrivileges=yes"), lines(u, "NoNewPrivileges="));
        assertEquals(List.of("ProtectSystem=strict"), lines(u, "ProtectSystem="));
        assertTrue(u.contains("--listen=127.0.0.1:9464"), "loopback unless the operator says otherwise");
        assertEquals(List.of(), lines(u, "ProtectProc="), "the exporter must see every process (ProtectProc=default)");
    }

    @Test
    void everyMetricTheDashboardQueries_isServed() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new TreeSet<>();
        Matcher m = Pattern.compile("panuma_[a-z_]+").matcher(dash.toString());
        while (m.find()) {
            queried.add(m.group());
        }
        assertTrue(queried.size() >= 8, queried.toString());
        Set<String> served = servedNames();
        queried.removeAll(served);
        assertEquals(Set.of(), queried, "the dashboard queries metrics the exporter does not serve; it serves " + served);
        assertTrue(dash.get("panels").size() >= 3);
    }

    /** The names one real collection gives (counters with their _total). */
    private static Set<String> servedNames() {
        Numa numa = Numa.open("jna");
        NumaUsage usage = NumaUsage.of(numa);
        FailureLog log = new FailureLog(new PrintWriter(new StringWriter()));
        UsageCache cache = new UsageCache(usage::process, System::nanoTime, 0, log);
        ProcessSelection self = new ProcessSelection(List.of((int) ProcessHandle.current().pid()), List.of(), false, 1,
                null, 0);
        NumaCollector c = new NumaCollector(() -> self.select(Set.of(), numa.pageSize()), cache,
                usage::nodes, System::nanoTime, 5_000_000_000L, log);
        Set<String> names = new TreeSet<>();
        for (MetricSnapshot s : c.collect()) {
            String name = s.getMetadata().getPrometheusName();
            names.add(s instanceof CounterSnapshot ? name + "_total" : name);
        }
        return names;
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().map(String::strip).filter(l -> l.startsWith(prefix)).toList();
    }
}

package org.panuma.exporter;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.panuma.api.ProcessNumaUsage;
import org.panuma.api.ProcessSelection;
import org.panuma.spi.NodeStats;

/**
 * The exporter's metrics, gathered at each scrape: per process and node from the usage cache,
 * per node from sysfs, and the exporter's own cost and errors. Names follow Prometheus's rules:
 * base units, {@code _bytes}, {@code _total} on counters, a {@code node} label.
 */
final class NumaCollector implements MultiCollector {
    /** meminfo field → metric (bytes unless the name says otherwise). */
    static final Map<String, String> MEMINFO = meminfoMetrics();
    /** numastat counters (pages allocated since boot), exported as counters of the same name. */
    static final List<String> NUMASTAT = List.of("numa_hit", "numa_miss", "numa_foreign", "interleave_hit",
            "local_node", "other_node");

    private final Supplier<ProcessSelection.Result> selection;
    private final UsageCache cache;
    private final Supplier<List<NodeStats>> nodes;
    private final LongSupplier clock;
    private final long budgetNanos;
    private final FailureLog failures;

    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong exited = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    NumaCollector(Supplier<ProcessSelection.Result> selection, UsageCache cache, Supplier<List<NodeStats>> nodes,
                  LongSupplier clock, long budgetNanos, FailureLog failures) {
        this.selection = selection;
        this.cache = cache;
        this.nodes = nodes;
        this.clock = clock;
        this.budgetNanos = budgetNanos;
        this.failures = failures;
    }

    @Override
    public MetricSnapshots collect() {
        long start = clock.getAsLong();
        scrapes.incrementAndGet();
        List<MetricSnapshot> out = new ArrayList<>();

        ProcessSelection.Result selected;
        try {
            selected = selection.get();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            failures.record("the process list", e);
            selected = new ProcessSelection.Result(List.of(), 0);
        }
        List<Integer> pids = selected.processes().stream().map(ProcessSelection.Selected::pid).toList();
        UsageCache.Refresh r = cache.refresh(pids, start + budgetNanos);
        reads.addAndGet(r.read());
        exited.addAndGet(r.exited());
        errors.addAndGet(r.failed());
        processMetrics(cache.usages(pids), out);

        try {
            nodeMetrics(nodes.get(), out);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            failures.record("the node statistics", e);
        }

        out.add(gauge("panuma_exporter_processes_watched", "Processes selected for watching at this scrape.",
                null, List.of(point(Labels.EMPTY, pids.size()))));
        out.add(gauge("panuma_exporter_processes_deferred", "Processes due for a re-read that this scrape left for"
                + " the next one, to stay within its time bound (their previous values are shown).", null,
                List.of(point(Labels.EMPTY, r.deferred()))));
        out.add(gauge("panuma_exporter_processes_over_cap", "Processes left unwatched by the process cap (the"
                + " largest are watched).", null, List.of(point(Labels.EMPTY, selected.overCap()))));
        out.add(counter("panuma_exporter_scrapes", "Scrapes served.", scrapes.get()));
        out.add(counter("panuma_exporter_process_reads", "Reads of a process's numa_maps (the cache saves the rest).",
                reads.get()));
        out.add(counter("panuma_exporter_processes_exited", "Processes that exited while being read: expected, not"
                + " errors.", exited.get()));
        out.add(counter("panuma_exporter_scrape_errors", "Reads that failed for another reason than the process"
                + " exiting (the exporter's standard error says why, once each).", errors.get()));
        double seconds = (clock.getAsLong() - start) / 1e9;
        out.add(gauge("panuma_exporter_scrape_duration_seconds", "Time this scrape spent gathering metrics.",
                Unit.SECONDS, List.of(point(Labels.EMPTY, seconds))));
        return new MetricSnapshots(out);
    }

    private static void processMetrics(List<ProcessNumaUsage> usages, List<MetricSnapshot> out) {
        List<GaugeDataPointSnapshot> resident = new ArrayList<>();
        List<GaugeDataPointSnapshot> misplaced = new ArrayList<>();
        List<GaugeDataPointSnapshot> policy = new ArrayList<>();
        for (ProcessNumaUsage u : usages) {
            Labels process = Labels.of("pid", Integer.toString(u.pid()), "comm", u.comm(), "cgroup", u.cgroup());
            u.bytesByNode().forEach((node, bytes) -> resident.add(point(process.add("node", node.toString()), bytes)));
            misplaced.add(point(process, u.misplacedBytes()));
            u.bytesByPolicy().forEach((mode, bytes) -> policy.add(point(process.add("policy", mode), bytes)));
        }
        out.add(gauge("panuma_process_resident_bytes", "Resident bytes of a process on a node, from its numa_maps.",
                Unit.BYTES, resident));
        out.add(gauge("panuma_process_misplaced_bytes", "Resident bytes of a process on nodes where none of its"
                + " threads last ran.", Unit.BYTES, misplaced));
        out.add(gauge("panuma_process_policy_bytes", "Resident bytes of a process by the memory policy of their"
                + " mapping.", Unit.BYTES, policy));
    }

    private static void nodeMetrics(List<NodeStats> stats, List<MetricSnapshot> out) {
        for (Map.Entry<String, String> m : MEMINFO.entrySet()) {
            List<GaugeDataPointSnapshot> points = new ArrayList<>();
            for (NodeStats n : stats) {
                Long v = m.getKey().equals("MemUsed") && !n.meminfo().containsKey("MemUsed")
                        ? used(n.meminfo()) : n.meminfo().get(m.getKey());
                if (v != null) {
                    points.add(point(node(n), v));
                }
            }
            boolean bytes = m.getValue().endsWith("_bytes");
            out.add(gauge(m.getValue(), "The node's " + m.getKey() + " (nodeN/meminfo).",
                    bytes ? Unit.BYTES : null, points));
        }
        for (String name : NUMASTAT) {
            CounterSnapshot.Builder c = CounterSnapshot.builder().name("panuma_node_" + name)
                    .help("The node's " + name + " count of page allocations (nodeN/numastat).");
            for (NodeStats n : stats) {
                Long v = n.numastat().get(name);
                if (v != null) {
                    c.dataPoint(CounterDataPointSnapshot.builder().labels(node(n)).value(v).build());
                }
            }
            out.add(c.build());
        }
        List<GaugeDataPointSnapshot> tiers = new ArrayList<>();
        List<GaugeDataPointSnapshot> cpus = new ArrayList<>();
        for (NodeStats n : stats) {
            n.tier().ifPresent(t -> tiers.add(point(node(n), t)));
            cpus.add(point(node(n), n.hasCpus() ? 1 : 0));
        }
        out.add(gauge("panuma_node_memory_tier", "The memory tier holding the node (memory_tierN; lower is faster).",
                null, tiers));
        out.add(gauge("panuma_node_has_cpus", "1 when the node has CPUs, 0 for a memory-only node (CXL, PMEM).",
                null, cpus));
    }

    /** MemTotal − MemFree, as the kernel prints MemUsed itself (node_read_meminfo). */
    private static Long used(Map<String, Long> meminfo) {
        Long total = meminfo.get("MemTotal");
        Long free = meminfo.get("MemFree");
        return total == null || free == null ? null : total - free;
    }

    private static Labels node(NodeStats n) {
        return Labels.of("node", Integer.toString(n.node()));
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeSnapshot gauge(String name, String help, Unit unit, List<GaugeDataPointSnapshot> points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            b.unit(unit);
        }
        points.forEach(b::dataPoint);
        return b.build();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static Map<String, String> meminfoMetrics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("MemTotal", "panuma_node_memory_total_bytes");
        m.put("MemFree", "panuma_node_memory_free_bytes");
        m.put("MemUsed", "panuma_node_memory_used_bytes");
        m.put("FilePages", "panuma_node_memory_file_bytes");
        m.put("AnonPages", "panuma_node_memory_anon_bytes");
        m.put("HugePages_Total", "panuma_node_hugepages");
        m.put("HugePages_Free", "panuma_node_hugepages_free");
        return m;
    }
}

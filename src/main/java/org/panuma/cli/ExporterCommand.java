package org.panuma.cli;

import org.panuma.spi.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.panuma.api.Numa;
import org.panuma.api.ProcessSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `panuma exporter`: serves per-process, per-node memory and per-node statistics to Prometheus.
 * The Prometheus client is touched only through {@link ExporterLauncher}, so no other command
 * loads it.
 */
@Command(name = "exporter", mixinStandardHelpOptions = true,
        description = {"Serve /metrics for Prometheus: each watched process's resident bytes per node (from numa_maps),",
            "its misplaced bytes and policy mix; each node's meminfo, numastat counters, tier and CPUs.",
            "Read-only: it never moves a page. Text or OpenMetrics, as the scraper asks."},
        footer = {"%nExamples:", "  panuma exporter --all", "  panuma exporter --pattern java --min-rss 64M",
            "  panuma exporter --cgroup /sys/fs/cgroup/system.slice/postgresql.service --listen 0.0.0.0:9464",
            "", ExitCodes.HELP})
public final class ExporterCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = "127.0.0.1:9464";

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = DEFAULT_LISTEN,
            description = "Where to serve /metrics (default: ${DEFAULT-VALUE}, this host only; a non-loopback address"
                    + " such as 0.0.0.0:9464 is an explicit choice).")
    String listen;

    @Option(names = "--pid", paramLabel = "PID", split = ",",
            description = "Watch these processes (comma-separated, repeatable).")
    List<String> pids = new ArrayList<>();

    @Option(names = "--pattern", paramLabel = "TEXT",
            description = "Watch processes whose command line contains TEXT (repeatable).")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--all", description = "Watch every process that has memory (see --max-processes).")
    boolean all;

    @Option(names = "--max-processes", paramLabel = "N", defaultValue = "1000",
            description = "Watch at most N processes, the largest by resident size (default: ${DEFAULT-VALUE}).")
    String maxProcesses;

    @Option(names = "--cgroup", paramLabel = "PATH", description = "Only processes in this cgroup or below it (a pod's,"
            + " a service's): /sys/fs/cgroup/... or the path inside the hierarchy. Alone, it watches all of them.")
    String cgroup;

    @Option(names = "--min-rss", paramLabel = "SIZE", defaultValue = "0",
            description = "Skip processes with fewer resident bytes (e.g. 64M, 1G; default: ${DEFAULT-VALUE}).")
    String minRss;

    @Option(names = "--min-age", paramLabel = "SECONDS", defaultValue = "10",
            description = "Read a process's numa_maps at most once per this many seconds (default: ${DEFAULT-VALUE}).")
    String minAge;

    @Option(names = "--scrape-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Stop reading processes after this long in a scrape and show the rest as last read"
                    + " (default: ${DEFAULT-VALUE}).")
    String scrapeTimeout;

    @Override
    public Integer call() throws Exception {
        ListenAddress address = Args.usage("--listen", () -> ListenAddress.parse(listen));
        List<Integer> pidList = new ArrayList<>();
        for (String p : pids) {
            pidList.add(Args.usage("--pid", () -> pid(p)));
        }
        int cap = Args.usage("--max-processes", () -> positiveInt(maxProcesses));
        long minRssBytes = Args.usage("--min-rss", () -> Quantities.size(minRss));
        Duration age = Args.usage("--min-age", () -> Quantities.seconds(minAge, true));
        Duration timeout = Args.usage("--scrape-timeout", () -> Quantities.seconds(scrapeTimeout, false));
        if (cgroup != null && cgroup.isBlank()) {
            throw new UsageException("--cgroup: an empty path; give /sys/fs/cgroup/... or a path inside the hierarchy");
        }
        if (pidList.isEmpty() && patterns.isEmpty() && !all && cgroup == null) {
            throw new UsageException("nothing to watch: give --pid, --pattern, --cgroup or --all");
        }
        ProcessSelection selection = Args.usage("--pattern",
                () -> new ProcessSelection(pidList, patterns, all, cap, cgroup, minRssBytes));
        Numa numa = Numa.open(common.backend);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        try (AutoCloseable running = ExporterLauncher.start(numa, address, selection, age, timeout, common.json,
                out, err)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "panuma-exporter-stop"));
            stop.await();
        }
        return ExitCodes.SUCCESS;
    }

    private static int pid(String s) {
        String t = s.strip();
        long v = t.matches("\\d{1,10}") ? Long.parseLong(t) : -1;
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(Printable.quote(s) + " is not a valid pid (1 to " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    private static int positiveInt(String s) {
        String t = s.strip();
        long v = t.matches("\\d{1,10}") ? Long.parseLong(t) : -1;
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(Printable.quote(s) + " is not a whole number of at least 1");
        }
        return (int) v;
    }
}

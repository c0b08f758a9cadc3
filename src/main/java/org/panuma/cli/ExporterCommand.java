package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.flag;
import static org.panuma.cli.CommandSpecs.list;
import static org.panuma.cli.CommandSpecs.option;

import org.panuma.spi.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.panuma.api.Numa;
import org.panuma.api.ProcessSelection;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `panuma exporter`: serves per-process, per-node memory and per-node statistics to Prometheus.
 * The Prometheus client is touched only through {@link ExporterLauncher}, so no other command
 * loads it.
 */
public final class ExporterCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = "127.0.0.1:9464";

    final CommonOptions common = new CommonOptions();
    String listen;
    List<String> pids = new ArrayList<>();
    List<String> patterns = new ArrayList<>();
    boolean all;
    String maxProcesses;
    String cgroup;
    String minRss;
    String minAge;
    String scrapeTimeout;

    CommandSpec spec;

    /** The command's model, bound to a new ExporterCommand. */
    static CommandSpec spec() {
        ExporterCommand c = new ExporterCommand();
        CommandSpec spec = CommandSpecs.command(c, "exporter", new String[] {
            "Serve /metrics for Prometheus: each watched process's resident bytes per node (from numa_maps),",
            "its misplaced bytes and policy mix; each node's meminfo, numastat counters, tier and CPUs.",
            "Read-only: it never moves a page. Text or OpenMetrics, as the scraper asks."},
                "%nExamples:", "  panuma exporter --all", "  panuma exporter --pattern java --min-rss 64M",
                "  panuma exporter --cgroup /sys/fs/cgroup/system.slice/postgresql.service --listen 0.0.0.0:9464",
                "", ExitCodes.HELP);
        spec.addMixin("common", CommonOptions.spec(c.common));
        spec.addOption(option("--listen", String.class, v -> c.listen = v).paramLabel("ADDR:PORT")
                .defaultValue(DEFAULT_LISTEN)
                .description("Where to serve /metrics (default: ${DEFAULT-VALUE}, this host only; a non-loopback"
                        + " address such as 0.0.0.0:9464 is an explicit choice).").build());
        spec.addOption(list("--pid", String.class, v -> c.pids = v).paramLabel("PID").splitRegex(",")
                .description("Watch these processes (comma-separated, repeatable).").build());
        spec.addOption(list("--pattern", String.class, v -> c.patterns = v).paramLabel("TEXT")
                .description("Watch processes whose command line contains TEXT (repeatable).").build());
        spec.addOption(flag("--all", v -> c.all = v)
                .description("Watch every process that has memory (see --max-processes).").build());
        spec.addOption(option("--max-processes", String.class, v -> c.maxProcesses = v).paramLabel("N")
                .defaultValue("1000")
                .description("Watch at most N processes, the largest by resident size (default: ${DEFAULT-VALUE}).")
                .build());
        spec.addOption(option("--cgroup", String.class, v -> c.cgroup = v).paramLabel("PATH")
                .description("Only processes in this cgroup or below it (a pod's, a service's): /sys/fs/cgroup/..."
                        + " or the path inside the hierarchy. Alone, it watches all of them.").build());
        spec.addOption(option("--min-rss", String.class, v -> c.minRss = v).paramLabel("SIZE").defaultValue("0")
                .description("Skip processes with fewer resident bytes (e.g. 64M, 1G; default: ${DEFAULT-VALUE}).")
                .build());
        spec.addOption(option("--min-age", String.class, v -> c.minAge = v).paramLabel("SECONDS").defaultValue("10")
                .description("Read a process's numa_maps at most once per this many seconds (default:"
                        + " ${DEFAULT-VALUE}).").build());
        spec.addOption(option("--scrape-timeout", String.class, v -> c.scrapeTimeout = v).paramLabel("SECONDS")
                .defaultValue("5")
                .description("Stop reading processes after this long in a scrape and show the rest as last read"
                        + " (default: ${DEFAULT-VALUE}).").build());
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

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

package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.flag;
import static org.panuma.cli.CommandSpecs.option;
import static org.panuma.cli.CommandSpecs.positional;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.panuma.api.JvmRegions;
import org.panuma.api.MemoryUsage;
import org.panuma.api.FolioCensus;
import org.panuma.api.Numa;
import org.panuma.api.PageStatus;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessUsage;
import org.panuma.api.RegionPlacement;
import org.panuma.api.Selection;
import org.panuma.spi.Printable;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.SyscallException;
import picocli.CommandLine.Model.CommandSpec;
import org.panuma.api.Outcome;

/** `panuma where PID|PATTERN`: where a live process's memory is, per region. */
public final class WhereCommand implements Callable<Integer> {
    String target;
    final SelectionOptions selection = new SelectionOptions();
    Path svg;
    Path html;
    boolean allRegions;
    boolean regionTable;
    boolean jvm;
    boolean pages;
    boolean bytes;
    boolean folios;
    final CommonOptions common = new CommonOptions();

    CommandSpec spec;

    /** The command's model, bound to a new WhereCommand. */
    static CommandSpec spec() {
        WhereCommand c = new WhereCommand();
        CommandSpec spec = CommandSpecs.command(c, "where", new String[] {"Show where a live process's memory is: by"
                        + " default numastat -p's summary (Huge, Heap, Stack, Private, File, Shm per node and total, in"
                        + " MB; --pages, --bytes), counted from numa_maps as numastat counts it, with no system call;"
                        + " with --regions one row per region (range, permissions, kind, page size, path) with its"
                        + " pages on each node, and totals. The other views are page-exact (move_pages queries, in"
                        + " chunks so the target is never held for long; a region wholly in memory is counted from"
                        + " numa_maps, the same counts; regions with nothing in memory are not queried), and count"
                        + " the kernel's own pages of [vdso] too, which numa_maps leaves out."},
                "%nExamples:",
                "  panuma where 4242                       numastat's summary: MB by kind and node",
                "  panuma where java                       every java process, a row each, and the total",
                "  panuma where 4242 --regions             every region of process 4242",
                "  panuma where 4242 --region java-heap    a JVM's Java heap (also code-cache, metaspace; via jcmd)",
                "  panuma where redis-server --region heap,anon",
                "  panuma where 4242 --range 0x7f0000000000-0x7f0000200000",
                "  panuma where 4242 --addresses 0x7f3a2c001000,0x7f3a2c002000",
                "  panuma where 4242 --svg map.svg        the residency map as a picture",
                "  panuma where 4242 --region anon --folios   folios by size: 4K, 64K (mTHP), 2M (THP)",
                "  panuma where 4242 --json", "", ExitCodes.HELP);
        spec.addPositional(positional("PID|PATTERN", String.class, v -> c.target = v).index("0")
                .description("A pid, or a pattern found in process command lines: every match is listed, with a"
                        + " grand total (as numastat -p).").build());
        spec.addMixin("selection", SelectionOptions.spec(c.selection));
        spec.addOption(option("--svg", Path.class, v -> c.svg = v).paramLabel("FILE")
                .description("Also draw the residency map as SVG into FILE.").build());
        spec.addOption(option("--html", Path.class, v -> c.html = v).paramLabel("FILE")
                .description("Also write the residency map as an HTML page.").build());
        spec.addOption(flag("--all-regions", v -> c.allRegions = v)
                .description("Also list regions without any page in memory (with --regions).").build());
        spec.addOption(flag("--regions", v -> c.regionTable = v).names("-r", "--regions")
                .description("One row per region (range, permissions, kind, page size, path) instead of numastat's"
                        + " summary by kind; always so with --range or --addresses.").build());
        spec.addOption(flag("--jvm", v -> c.jvm = v)
                .description("For a JVM target, name its Java heap, code cache, metaspace, class space and CDS"
                        + " archive (asked with jcmd: needs the JVM's user or root).").build());
        spec.addOption(flag("--pages", v -> c.pages = v).description("The summary in base pages instead of MB.").build());
        spec.addOption(flag("--bytes", v -> c.bytes = v).description("The summary in bytes instead of MB.").build());
        spec.addOption(flag("--folios", v -> c.folios = v)
                .description("Also count each region's folios by their real size (4K pages, multi-size THP of"
                        + " 16K-1M, 2M THP, hugetlb), from pagemap and /proc/kpageflags (needs root).").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        List<ReportFiles.Report> reports = new ArrayList<>();
        if (svg != null) {
            reports.add(new ReportFiles.Report("--svg", svg, null));
        }
        if (html != null) {
            reports.add(new ReportFiles.Report("--html", html, null));
        }
        if (!reports.isEmpty()) { // (ReportFiles' initializer makes file permissions: not without a report)
            ReportFiles.checkNames(reports); // before a scan that may take minutes
        }
        boolean numastatView = numastatView();
        List<ProcessInfo> processes = Args.processes(target);
        if (processes.size() > 1 && (svg != null || html != null)) {
            throw new UsageException((svg != null ? "--svg" : "--html") + ": " + Printable.quote(target) + " matches "
                    + processes.size() + " processes; a map is of one process: name it by pid");
        }
        Selection sel = Args.selection(selection, null);
        Numa numa = Targets.open(common);
        PrintWriter out = spec.commandLine().getOut();
        UsageTable.Unit unit = unit();
        if (processes.size() > 1) {
            Targets.requireRealBackend(numa, processes.get(0));
            return many(out, numa, processes, sel, unit, numastatView);
        }
        ProcessInfo p = processes.get(0);
        Targets.requireRealBackend(numa, p);
        if (numastatView) {
            Optional<ProcessUsage> usage = ProcessUsage.read(p.pid());
            if (usage.isPresent()) {
                MemoryUsage u = usage.get().usage();
                new UsageTable(out, unit, numa.pageSize()).print(p, u, Targets.columns(numa.topology(), u));
                if (usage.get().jvm()) {
                    out.println(JVM_HINT);
                }
                out.flush();
                return ExitCodes.SUCCESS;
            }
            // numa_maps unreadable (no NUMA, another user's process): the queries below say why.
        }
        sel = Args.selection(selection, null, p.pid());
        ProcessMemory memory = ProcessMemory.of(numa, p.pid());
        ProcessPlacement placement = memory.where(sel);
        Map<Long, FolioCensus> census = new java.util.LinkedHashMap<>();
        if (folios) {
            for (RegionPlacement r : placement.regions()) {
                if (r.region().hasPages() && r.region().migratable()) {
                    census.put(r.region().start(), memory.folios(r.region()));
                }
            }
        }
        Set<Integer> nodes = Targets.columns(numa.topology(), placement);
        if (!reports.isEmpty()) {
            List<ReportFiles.Report> filled = new ArrayList<>();
            if (svg != null) {
                filled.add(new ReportFiles.Report("--svg", svg, w -> ResidencyMap.svg(w, p, placement, nodes)));
            }
            if (html != null) {
                filled.add(new ReportFiles.Report("--html", html, w -> ResidencyMap.html(w, p, placement, nodes)));
            }
            ReportFiles.write(filled, Args.ownedByCaller(p));
        }
        boolean isJvm = JvmRegions.isJvm(placement.regions().stream().map(RegionPlacement::region).toList());
        JvmNames names = jvm ? JvmNames.ask(p.pid(), isJvm) : null;
        if (common.json) {
            WhereJson.one(out, p, placement, names, folios ? census : null);
            out.println();
        } else if (regionTable || sel.range() != null || sel.exactAddresses()) {
            printText(out, p, placement, nodes, sel.exactAddresses(), names);
            if (folios) {
                printFolios(out, census);
            }
        } else {
            UsageTable table = new UsageTable(out, unit, placement.basePageSize());
            table.print(p, MemoryUsage.of(placement), nodes);
            if (names != null) {
                names.print(out, table, placement, nodes);
            } else if (isJvm) {
                out.println(JVM_HINT);
            }
            if (folios) {
                printFolios(out, census);
            }
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private static final String JVM_HINT = "(a JVM: --jvm names its Java heap, code cache and metaspace; --region"
            + " java-heap selects the Java heap)";

    /**
     * True for numastat -p's view of whole processes, the default: counted from numa_maps as
     * numastat counts it ({@link ProcessUsage}), with no system call. Every other view (regions,
     * a range, addresses, a map, folios, JVM names, JSON) queries page by page.
     */
    private boolean numastatView() {
        return !common.json && !regionTable && !folios && !jvm && svg == null && html == null
                && selection.regions == null && selection.range == null && selection.addresses == null;
    }

    /**
     * Whether the arguments ({@code where ...}) ask for numastat's view only: a target and at most
     * a unit. A guess made before picocli parses them (PanumaCli starts linking the downcall
     * beside the parse unless so; ./panuma picks its cache by the same rule): a wrong one costs
     * time, never a result.
     */
    static boolean numastatViewOnly(String[] args) {
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-") && !a.equals("--pages") && !a.equals("--bytes")) {
                return false;
            }
        }
        return true;
    }

    private UsageTable.Unit unit() {
        if (pages && bytes) {
            throw new UsageException("--pages and --bytes: give one unit");
        }
        return pages ? UsageTable.Unit.PAGES : bytes ? UsageTable.Unit.BYTES : UsageTable.Unit.MB;
    }

    /**
     * Every process a pattern matches, as numastat -p shows them: a row each and a grand total
     * (or each one's region table with --regions). A process that exits while it is read is left
     * out, and one that cannot be read is named with the reason, as the listing goes on.
     */
    private int many(PrintWriter out, Numa numa, List<ProcessInfo> processes, Selection sel, UsageTable.Unit unit,
                     boolean numastatView) throws IOException {
        List<ProcessInfo> read = new ArrayList<>();
        List<ProcessPlacement> placements = new ArrayList<>();
        List<MemoryUsage> usages = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ProcessInfo p : processes) {
            try {
                Optional<ProcessUsage> usage = numastatView ? ProcessUsage.read(p.pid()) : Optional.empty();
                if (usage.isPresent()) {
                    usages.add(usage.get().usage());
                } else {
                    ProcessPlacement placement = ProcessMemory.of(numa, p.pid()).where(Args.selection(selection, null,
                            p.pid()));
                    placements.add(placement);
                    usages.add(MemoryUsage.of(placement));
                }
                read.add(p);
            } catch (NoSuchProcessException gone) {
                skipped.add(p.pid() + ": exited while it was read");
            } catch (SyscallException | UncheckedIOException | CommandFailedException e) {
                skipped.add(p.pid() + ": " + ErrorHandler.message(e).lines().findFirst().orElse(""));
            }
        }
        Set<Integer> nodes = new TreeSet<>();
        for (MemoryUsage u : usages) {
            nodes.addAll(Targets.columns(numa.topology(), u));
        }
        if (nodes.isEmpty()) {
            numa.topology().withMemory().stream().forEach(nodes::add);
        }
        if (common.json) {
            WhereJson.many(out, target, read, placements, skipped);
            out.println();
        } else if (regionTable || sel.range() != null || sel.exactAddresses()) {
            for (int i = 0; i < read.size(); i++) {
                printText(out, read.get(i), placements.get(i), nodes, sel.exactAddresses());
                out.println();
            }
        } else {
            new UsageTable(out, unit, numa.pageSize()).print(read, usages, nodes);
        }
        for (String s : skipped) {
            if (!common.json) {
                out.println("(pid " + s + ")");
            }
        }
        out.flush();
        return read.isEmpty() ? ExitCodes.NO_SUCH_PROCESS : ExitCodes.SUCCESS;
    }

    private void printText(PrintWriter out, ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes, boolean exact) {
        printText(out, p, placement, nodes, exact, null);
    }

    private void printText(PrintWriter out, ProcessInfo p, ProcessPlacement placement, Set<Integer> nodes, boolean exact,
                           JvmNames names) {
        out.println(Targets.heading(p));
        StringBuilder h = new StringBuilder(String.format("%-14s %-14s %-4s %-7s %5s", "start", "end", "perm", "kind",
                "page"));
        for (int n : nodes) {
            h.append(String.format(" %9s", "node " + n));
        }
        h.append(String.format(" %9s  %s", "absent", "path"));
        out.println(h);
        int hidden = 0;
        for (RegionPlacement r : placement.regions()) {
            if (!allRegions && !exact && !r.region().hasPages()) {
                hidden++;
                continue;
            }
            StringBuilder row = new StringBuilder(String.format("%-14s %-14s %-4s %-7s %5s",
                    Long.toHexString(r.region().start()), Long.toHexString(r.region().end()), r.region().perms(),
                    r.region().kind().label() + (r.region().thp() ? "+" : ""),
                    Targets.shortSize(r.region().pageSize())));
            Map<Integer, Long> byNode = r.placement().byNode();
            for (int n : nodes) {
                row.append(String.format(" %9d", byNode.getOrDefault(n, 0L)));
            }
            row.append(String.format(" %9d  %s", r.absentPages(), Printable.escape(names == null ? r.region().path()
                    : names.label(r.region()))));
            out.println(row);
        }
        StringBuilder t = new StringBuilder(String.format("%-48s", "total (" + Targets.shortSize(placement.basePageSize())
                + " pages)"));
        Map<Integer, Long> totals = placement.totalBasePagesByNode();
        for (int n : nodes) {
            t.append(String.format(" %9d", totals.getOrDefault(n, 0L)));
        }
        t.append(String.format(" %9d", placement.totalAbsentBasePages()));
        out.println(t);
        StringBuilder bytes = new StringBuilder(String.format("%-48s", "total bytes"));
        Map<Integer, Long> b = placement.totalBytesByNode();
        for (int n : nodes) {
            bytes.append(String.format(" %9s", Bytes.human(b.getOrDefault(n, 0L))));
        }
        out.println(bytes);
        if (hidden > 0) {
            out.printf("(%d region%s with nothing in memory not shown; --all-regions shows them)%n", hidden,
                    hidden == 1 ? "" : "s");
        }
        if (names != null && names.refusedReason() != null) {
            out.println("(JVM regions unknown: " + names.refusedReason() + ")");
        }
        if (placement.regions().stream().anyMatch(r -> r.region().thp())) {
            out.println("(kind+ : the region has transparent huge pages)");
        }
        if (exact) {
            out.println("pages:");
            for (RegionPlacement r : placement.regions()) {
                for (int i = 0; i < r.pageAddresses().length; i++) {
                    out.printf("  %s  %-8s %s%n", Json.hex(r.pageAddresses()[i]), r.region().kind().label(),
                            statusText(r.pages()[i]));
                }
            }
        }
    }

    /** One line per region: its folios by size, largest first ("2M x 4, 64K x 32, 4K x 1200"). */
    private static void printFolios(PrintWriter out, Map<Long, FolioCensus> census) {
        out.println("folios by size (pagemap and /proc/kpageflags):");
        for (FolioCensus c : census.values()) {
            String line;
            if (c.unavailable() != null) {
                line = c.unavailable();
            } else {
                StringBuilder sb = new StringBuilder();
                new java.util.TreeMap<>(c.bySize()).descendingMap().forEach((size, n) -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(Targets.shortSize(size)).append(" x ").append(n));
                line = sb.length() == 0 ? "none present" : sb.toString();
            }
            out.printf("  %-14s %-7s %s%n", Long.toHexString(c.region().start()), c.region().kind().label(), line);
        }
    }

    private static String statusText(int status) {
        if (status >= 0) {
            return "node " + status;
        }
        if (status == PageStatus.NOT_PROCESSED) {
            return "not queried (no movable pages in this region)";
        }
        Outcome o = Outcome.ofStatus(status);
        return o + ": " + OutcomeExplanations.explain(o);
    }
}

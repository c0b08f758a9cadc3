package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.flag;
import static org.panuma.cli.CommandSpecs.option;
import static org.panuma.cli.CommandSpecs.positional;

import org.panuma.spi.Printable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.panuma.api.MoveOptions;
import org.panuma.api.MoveReport;
import org.panuma.api.Numa;
import org.panuma.api.MovePlan;
import org.panuma.api.PredictedMove;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.Selection;
import org.panuma.api.Verification;
import org.panuma.spi.ProcessInfo;
import org.panuma.spi.Errno;
import org.panuma.spi.NodeSet;
import org.panuma.spi.SyscallException;
import org.panuma.spi.Topology;
import picocli.CommandLine.Model.CommandSpec;

/** `panuma move PID|PATTERN --to NODE`: move a live process's pages, batch by batch. */
public final class MoveCommand implements Callable<Integer> {
    String target;
    String to;
    String from;
    final SelectionOptions selection = new SelectionOptions();
    boolean moveAll;
    Integer batch;
    Double rate;
    int threads;
    boolean perPage;
    boolean noProgress;
    boolean dryRun;
    boolean verify;
    final CommonOptions common = new CommonOptions();

    CommandSpec spec;

    /** The command's model, bound to a new MoveCommand. */
    static CommandSpec spec() {
        MoveCommand c = new MoveCommand();
        CommandSpec spec = CommandSpecs.command(c, "move", new String[] {"Move a live process's pages to a node with"
                        + " move_pages(2), in bounded batches so the target is never stalled for long. Pages already"
                        + " there cost nothing; -EBUSY pages are retried. SIGINT/SIGTERM stop between batches and the"
                        + " summary reports what moved. The summary counts pages by outcome, with what each failure"
                        + " means and how to fix it, and shows where the pages were before and are after."},
                "%nExamples:",
                "  panuma move 4242 --to 1                    every page of 4242 to node 1",
                "  panuma move redis-server --to 1 --region heap",
                "  panuma move 4242 --to 1 --from 0 --rate 200 --threads 2",
                "  panuma move 4242 --to 0 --range 0x7f0000000000-0x7f0040000000 --json",
                "  sudo panuma move 4242 --to 1 --move-all   shared pages too (CAP_SYS_NICE)",
                "  panuma move 4242 --to 1 --dry-run --per-page   predict page by page, move nothing",
                "  panuma move 4242 --to 1 --verify           predict, move, compare", "", ExitCodes.HELP);
        spec.addPositional(positional("PID|PATTERN", String.class, v -> c.target = v).index("0")
                .description("A pid, or a pattern found in exactly one process's command line.").build());
        spec.addOption(option("--to", String.class, v -> c.to = v).required(true).paramLabel("NODE")
                .description("The node to move the pages to.").build());
        spec.addOption(option("--from", String.class, v -> c.from = v).paramLabel("NODES")
                .description("Only pages now on these nodes (numactl syntax: 0, 0-2, 0,3, all, !1, +0).").build());
        spec.addMixin("selection", SelectionOptions.spec(c.selection));
        spec.addOption(flag("--move-all", v -> c.moveAll = v)
                .description("MPOL_MF_MOVE_ALL: move pages shared with other processes too (needs CAP_SYS_NICE).")
                .build());
        spec.addOption(option("--batch", Integer.class, v -> c.batch = v).paramLabel("PAGES")
                .description("Pages per move_pages call (default: " + MoveOptions.DEFAULT_BATCH_PAGES
                        + ", about 10 ms of kernel time).").build());
        spec.addOption(option("--rate", Double.class, v -> c.rate = v).paramLabel("MB/s")
                .description("Move at most this many MB (MiB) per second.").build());
        spec.addOption(option("--threads", int.class, v -> c.threads = v).paramLabel("N").defaultValue("1")
                .description("Move N disjoint parts in parallel (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(flag("--per-page", v -> c.perPage = v)
                .description("List every page's outcome (JSON: \"pages\").").build());
        spec.addOption(flag("--no-progress", v -> c.noProgress = v)
                .description("No progress bar even on a terminal.").build());
        spec.addOption(flag("--dry-run", v -> c.dryRun = v)
                .description("Move nothing: the engine predicts each page's outcome from a snapshot of the process"
                        + " (/proc/PID/pagemap, and as root /proc/kpageflags and /proc/kpagecount) and prints the"
                        + " same summary, marked as a prediction, saying which predictions are less certain.").build());
        spec.addOption(flag("--verify", v -> c.verify = v)
                .description("Predict first (as --dry-run), then move, and report page by page where the"
                        + " prediction and the move agree.").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    /** The most --threads: far more than move_pages scales to (DESIGN.md: +60% at best from threads). */
    static final int MAX_THREADS = 64;

    /** --rate as it was typed ("-1", not the "-1.0" it parsed to), for a message that names it. */
    private String rateAsTyped() {
        return spec.commandLine().getParseResult().matchedOption("--rate").originalStringValues().get(0);
    }

    @Override
    public Integer call() {
        if (threads < 1 || threads > MAX_THREADS) {
            // Each thread is a platform thread moving its own part: past a few per CPU they only
            // contend, and tens of thousands fail to start at all.
            throw new UsageException("--threads: " + Printable.quote(threads) + " is out of range (1 to " + MAX_THREADS + ")");
        }
        if (batch != null && batch < 1) {
            throw new UsageException("--batch: " + Printable.quote(batch) + " must be at least 1 page");
        }
        if (rate != null && !(rate > 0)) {
            throw new UsageException("--rate: " + Printable.quote(rateAsTyped()) + " must be a positive number of MB/s");
        }
        if (rate != null && rate * (1 << 20) >= Long.MAX_VALUE) {
            // Would saturate the byte count per second, and be no limit at all without a word.
            throw new UsageException("--rate: " + Printable.quote(rateAsTyped()) + " MB/s is beyond any limit (at most "
                    + (Long.MAX_VALUE >> 20) + " MB/s); leave --rate out for no limit");
        }
        if (dryRun && verify) {
            throw new UsageException("--verify: compares a real move with its prediction; it cannot be combined"
                    + " with --dry-run");
        }
        if (rate != null && rate * (1 << 20) < 1) {
            // Would round to 0 bytes/s, which the mover reads as "no limit": the opposite of what was asked.
            throw new UsageException("--rate: " + Printable.quote(rateAsTyped()) + " MB/s is below one byte per second");
        }
        Numa numa = Targets.open(common);
        Topology topology = numa.topology();
        int node = Args.node("--to", to, topology);
        NodeSet fromNodes = from == null ? null : Args.nodes("--from", from, topology);
        Selection sel = Args.selection(selection, fromNodes);
        ProcessInfo p = Args.process(target);
        Targets.requireRealBackend(numa, p);
        sel = Args.selection(selection, fromNodes, p.pid());
        MoveOptions options = MoveOptions.defaults().withMoveAll(moveAll);
        if (batch != null) {
            options = options.withBatchPages(batch);
        }
        if (rate != null) {
            options = options.withRate((long) (rate * (1 << 20)));
        }
        ProcessMemory memory = ProcessMemory.of(numa, p.pid());
        MovePlan plan = memory.plan(sel);
        PredictedMove predicted = null;
        if (dryRun || verify) {
            predicted = memory.predict(plan, node, moveAll);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            ProcessMoveReport r = predicted.asReport();
            if (common.json) {
                ObjectNode root = json(r, perPage, predicted);
                PredictionNotes.json(root, predicted);
                out.println(Json.write(root));
            } else {
                new MoveSummary(out, numa.pageSize()).print(p, r, Targets.columns(topology, r.before(), r.after()),
                        perPage, predicted);
                PredictionNotes.print(out, predicted);
            }
            out.flush();
            return predicted.errno() != null ? ExitCodes.of(predicted.errno()) : exitCode(r);
        }
        ProcessMoveReport report;
        boolean showProgress = !noProgress && !common.json && Terminal.interactive();
        try (StopSignal stop = new StopSignal();
             LazyProgress progress = new LazyProgress(showProgress, spec.commandLine().getErr(), numa.pageSize())) {
            report = memory.move(plan, node, options.withStop(stop), threads, progress);
        } catch (SyscallException refused) {
            if (!verify) {
                throw refused;
            }
            VerificationSummary.wholeCall(out, common.json, p, predicted, refused);
            out.flush();
            return ExitCodes.of(refused.errno());
        }
        Verification verification = verify ? predicted.verify(report) : null;
        if (common.json) {
            ObjectNode root = json(report, perPage);
            if (verification != null) {
                VerificationSummary.json(root, predicted, verification);
            }
            out.println(Json.write(root));
        } else {
            new MoveSummary(out, numa.pageSize()).print(p, report, Targets.columns(topology, report.before(),
                    report.after()), perPage);
            if (verification != null) {
                VerificationSummary.print(out, predicted, verification);
            }
        }
        out.flush();
        return exitCode(report);
    }

    static int exitCode(ProcessMoveReport r) {
        MoveReport m = r.move();
        long notThere = m.requestedPages() - m.moved() - m.already();
        return notThere == 0 && !r.targetExited() ? ExitCodes.SUCCESS : ExitCodes.PAGES_NOT_MOVED;
    }

    static ObjectNode json(ProcessMoveReport r, boolean perPage) {
        return json(r, perPage, null);
    }

    /** The move's JSON; a prediction's has "dryRun": true and, per page, its certainty and reason. */
    static ObjectNode json(ProcessMoveReport r, boolean perPage, PredictedMove predicted) {
        MoveReport m = r.move();
        ObjectNode root = Json.object();
        root.put("pid", m.pid());
        root.put("dryRun", predicted != null);
        root.put("targetNode", m.targetNode());
        root.put("requestedPages", m.requestedPages());
        Json.counts(root, "outcomes", m.outcomes());
        root.put("notMigrated", m.notMigrated());
        root.put("absentPages", r.absentPages());
        root.put("stoppedEarly", m.stoppedEarly());
        root.put("targetExited", r.targetExited());
        root.put("threads", r.threads());
        root.put("calls", m.calls());
        ObjectNode entries = root.putObject("pageEntries");
        entries.put("query", r.pageEntries().queried());
        entries.put("move", r.pageEntries().moved());
        root.put("elapsedNanos", m.elapsedNanos());
        Json.byNode(root.putObject("before"), "pagesByNode", r.before().byNode());
        Json.byNode(root.putObject("after"), "pagesByNode", r.after().byNode());
        if (perPage) {
            ArrayNode pages = root.putArray("pages");
            for (int i = 0; i < m.addresses().length; i++) {
                ObjectNode o = pages.addObject();
                o.put("address", Json.hex(m.addresses()[i]));
                int s = m.status()[i];
                VerificationSummary.status(o, "status", s);
                if (predicted != null) {
                    o.put("lessCertain", predicted.lessCertain()[i]);
                    o.put("reason", predicted.reasons().get(i));
                }
            }
        }
        return root;
    }

    /** Starts the bar when the first batch reports, once the total is known. */
    private static final class LazyProgress implements org.panuma.api.MoveProgress, AutoCloseable {
        private final boolean show;
        private final PrintWriter err;
        private final long pageSize;
        private ProgressDisplay display;

        LazyProgress(boolean show, PrintWriter err, long pageSize) {
            this.show = show;
            this.err = err;
            this.pageSize = pageSize;
        }

        @Override
        public void batchDone(long pagesDone, long pagesTotal, long pagesMoved) {
            if (display == null) {
                display = ProgressDisplay.start(show, err, pagesTotal, pageSize);
            }
            display.batchDone(pagesDone, pagesTotal, pagesMoved);
        }

        @Override
        public void close() {
            if (display != null) {
                display.close();
            }
        }
    }
}

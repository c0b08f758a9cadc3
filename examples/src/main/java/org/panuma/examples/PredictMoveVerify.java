package org.panuma.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.panuma.api.AddressRange;
import org.panuma.api.MemoryPolicy;
import org.panuma.api.MoveOptions;
import org.panuma.api.MovePlan;
import org.panuma.api.MoveProgress;
import org.panuma.api.NodeMemory;
import org.panuma.api.Numa;
import org.panuma.api.PredictedMove;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.Selection;
import org.panuma.api.Verification;

/**
 * Predict, move, verify: the memory of another process. Starts a child JVM ({@link Target}) that
 * maps some memory on the first node with memory and then sits idle; asks panuma's engine what
 * move_pages would do with each of its pages sent to the last node with memory (and why), moves
 * them for real, and compares the move with the prediction page by page. On a machine with one
 * node the "move" is to node 0, where every page already is, and the prediction says so.
 *
 * <p>Run: {@code examples/run PredictMoveVerify [MiB]}
 */
public final class PredictMoveVerify {
    private PredictMoveVerify() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        Numa numa = Numa.open();
        int[] nodes = numa.topology().withMemory().toArray();
        int from = nodes[0];
        int to = nodes[nodes.length - 1];
        Process child = Target.start(mib, from);
        try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            AddressRange range = Target.awaitRange(childOut);
            System.out.printf("target: pid %d, %d MiB at %s on node %d; backend %s, nodes with memory %s%n",
                    child.pid(), mib, range, from, numa.backend(), numa.topology().withMemory());

            ProcessMemory memory = ProcessMemory.of(numa, (int) child.pid());
            MovePlan plan = memory.plan(new Selection(List.of(), range, null, null));
            PredictedMove predicted = memory.predict(plan, to, false);
            System.out.printf("predicted (engine profile %s, kernel %s): %d pages to node %d: %s%n",
                    predicted.profile(), predicted.release(), plan.pages().length, to, predicted.outcomes());
            System.out.println("  first page: " + predicted.reasons().get(0));
            System.out.printf("  less certain: %d pages%s%n", predicted.lessCertainPages(),
                    predicted.unreadable().isEmpty() ? "" : " (unreadable: " + predicted.unreadable() + ")");

            ProcessMoveReport moved = memory.move(plan, to, MoveOptions.defaults(), 1, MoveProgress.NONE);
            System.out.printf("moved: %s; now %s%n", moved.move().outcomeMap(), moved.after().byNode());

            Verification v = predicted.verify(moved);
            System.out.printf("verified: %d of %d pages as predicted (%.1f%%)%n", v.agreeing(), v.compared(),
                    v.agreementPercent());
            v.disagreements().stream().limit(5).forEach(d -> System.out.printf(
                    "  0x%x: predicted %d, was %d (%s)%n", d.address(), d.predicted(), d.actual(), d.reason()));
        } finally {
            child.getOutputStream().close(); // the target's signal to end
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** The other process: maps MiB on a node, writes every page, prints its range, waits for stdin to close. */
    public static final class Target {
        private Target() {
        }

        public static void main(String[] args) throws IOException {
            int mib = Integer.parseInt(args[0]);
            int node = Integer.parseInt(args[1]);
            try (NodeMemory memory = Numa.open().memory(MemoryPolicy.bind(node))) {
                ByteBuffer buffer = memory.allocateBuffer(mib << 20);
                for (int i = 0; i < buffer.capacity(); i += memory.pageSize()) {
                    buffer.put(i, (byte) 1); // fault each page in on the node
                }
                long start = memory.address(buffer);
                System.out.printf("ready %x-%x%n", start, start + buffer.capacity());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // idle until the parent closes our input
                }
            }
        }

        static Process start(int mib, int node) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            if (Runtime.version().feature() >= 23) {
                cmd.add("--enable-native-access=ALL-UNNAMED");
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Target.class.getName());
            cmd.add(Integer.toString(mib));
            cmd.add(Integer.toString(node));
            return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        }

        /** Waits for the target's "ready START-END" line (its memory is written then). */
        static AddressRange awaitRange(BufferedReader out) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ready ")) {
                    return AddressRange.parse(line.substring("ready ".length()));
                }
            }
            throw new IOException("the target ended before it was ready");
        }
    }
}

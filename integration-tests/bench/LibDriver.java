import java.util.List;
import org.panuma.api.AddressRange;
import org.panuma.api.MigrateReport;
import org.panuma.api.MoveOptions;
import org.panuma.api.MoveProgress;
import org.panuma.api.Numa;
import org.panuma.api.ProcessMemory;
import org.panuma.api.ProcessMoveReport;
import org.panuma.api.Selection;
import org.panuma.spi.NodeSet;

/**
 * Stand-in for `panuma move|where|migrate` while those commands are not on the main branch yet:
 * the same library calls the commands make (ProcessMemory), printing the fields of the commands'
 * JSON the benchmark reads ("elapsedNanos", "notMigrated"). run-benchmarks uses the real command
 * as soon as `panuma --help` lists it, and records which one it measured.
 *
 *   LibDriver BACKEND move PID START_HEX END_HEX TO BATCH THREADS
 *   LibDriver BACKEND where PID
 *   LibDriver BACKEND migrate PID FROM TO
 */
public final class LibDriver {
    public static void main(String[] a) {
        Numa numa = Numa.open(a[0]);
        ProcessMemory mem = ProcessMemory.of(numa, Integer.parseInt(a[2]));
        switch (a[1]) {
            case "move" -> {
                AddressRange range = new AddressRange(Long.parseUnsignedLong(a[3], 16), Long.parseUnsignedLong(a[4], 16));
                Selection sel = new Selection(List.of(), range, null, null);
                ProcessMoveReport r = mem.move(sel, Integer.parseInt(a[5]),
                        MoveOptions.defaults().withBatchPages(Integer.parseInt(a[6])), Integer.parseInt(a[7]),
                        MoveProgress.NONE);
                System.out.printf("{\"elapsedNanos\":%d,\"moved\":%d,\"requestedPages\":%d,\"notMigrated\":%d}%n",
                        r.move().elapsedNanos(), r.move().moved(), r.move().requestedPages(), r.move().notMigrated());
            }
            case "where" -> {
                var p = mem.where(Selection.all());
                System.out.println("{\"elapsedNanos\":" + p.elapsedNanos() + ",\"bytesByNode\":\""
                        + p.totalBytesByNode() + "\"}");
            }
            case "migrate" -> {
                MigrateReport r = mem.migrate(NodeSet.of(Integer.parseInt(a[3])), NodeSet.of(Integer.parseInt(a[4])));
                System.out.printf("{\"elapsedNanos\":%d,\"notMigrated\":%d}%n", r.elapsedNanos(), r.notMigrated());
            }
            default -> throw new IllegalArgumentException("unknown command " + a[1]);
        }
    }
}

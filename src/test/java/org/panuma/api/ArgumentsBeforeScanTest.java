package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.panuma.spi.NodeSet;
import org.panuma.spi.NoSuchProcessException;

/**
 * A bad argument is refused before the target is read: here the target has exited after it was
 * pinned, so any call that scanned first would answer "no such process" instead of naming the
 * argument.
 */
class ArgumentsBeforeScanTest {

    private static void refusedBeforeTheScan(Consumer<ProcessMemory> call, Class<? extends RuntimeException> expected,
                                             String named) throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        ProcessMemory memory = ProcessMemory.of(TestNuma.open("jna"), (int) p.pid());
        p.destroy();
        p.waitFor();
        assertThrows(NoSuchProcessException.class, () -> memory.plan(Selection.all()), "the target is gone");
        RuntimeException e = assertThrows(expected, () -> call.accept(memory));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void move_checksNodeThreadsOptionsAndProgressFirst() throws Exception {
        refusedBeforeTheScan(m -> m.move(Selection.all(), -1, MoveOptions.defaults(), 1, MoveProgress.NONE),
                IllegalArgumentException.class, "-1");
        refusedBeforeTheScan(m -> m.move(Selection.all(), 0, MoveOptions.defaults(), 0, MoveProgress.NONE),
                IllegalArgumentException.class, "threads");
        refusedBeforeTheScan(m -> m.move(Selection.all(), 0, null, 1, MoveProgress.NONE),
                NullPointerException.class, "options");
        refusedBeforeTheScan(m -> m.move(Selection.all(), 0, MoveOptions.defaults(), 1, null),
                NullPointerException.class, "progress");
    }

    @Test
    void whereAndPlan_checkTheSelectionFirst() throws Exception {
        refusedBeforeTheScan(m -> m.where(null), NullPointerException.class, "selection");
        refusedBeforeTheScan(m -> m.plan(null), NullPointerException.class, "selection");
    }

    @Test
    void migrate_checksItsNodeSetsFirst() throws Exception {
        refusedBeforeTheScan(m -> m.migrate(NodeSet.of(0), NodeSet.empty()), IllegalArgumentException.class,
                "no node to migrate to");
        refusedBeforeTheScan(m -> m.migrate(null, NodeSet.of(0)), NullPointerException.class, "from");
    }
}

package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.spi.Errno;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * How {@link PageMover} accounts for pages when move_pages misbehaves the way the guest runs saw
 * it do (RELIABILITY.md): a whole-call ENOMEM after moving some pages, and pages that another
 * mover had under migration (EFAULT/ENOENT for a page that was present a moment earlier). A
 * scripted kernel stands in for move_pages, so every page's true place is known.
 */
class PageMoverAccountingTest {
    static final int PAGE = 4096;

    /** A move_pages with pages on nodes; scripted failures are set per test. */
    static final class ScriptedKernel {
        final int[] node;
        /** Pages the destination still has room for; beyond that a call fails with ENOMEM. */
        int room = Integer.MAX_VALUE;
        /** For each page, how many move attempts first come back with its transientErrno (a concurrent migration). */
        final int[] transientFailures;
        final Errno[] transientErrno;

        ScriptedKernel(int... node) {
            this.node = node.clone();
            this.transientFailures = new int[node.length];
            this.transientErrno = new Errno[node.length];
            java.util.Arrays.fill(transientErrno, Errno.EFAULT);
        }

        int index(long address) {
            return (int) (address / PAGE);
        }

        /**
         * A page at which the next move call stops, as the kernel does when a page fails to
         * migrate: that page and the rest of the call stay where they are with their statuses
         * unwritten, and the call returns how many it did not migrate. Once; -1 for never.
         */
        int cutShortAt = -1;

        /** Pages per folio, from page 0: 1 for base pages, 16 for 64 KiB folios (multi-size THP). */
        int folioPages = 1;

        /** When set, every call fails as a whole with it (EINVAL: the target exited, its memory is gone). */
        Errno everyCallFails;

        /**
         * Like the kernel: moves in order, writes statuses as it goes, fails the whole call when
         * full. A large folio moves whole with its first address; a later address of a folio this
         * call has isolated gets -EBUSY (add_page_for_migration: folio_isolate_lru fails).
         */
        long movePages(long[] pages, int[] nodes, int[] status, int offset, int count) {
            if (everyCallFails != null) {
                throw SyscallException.of("move_pages", "count=" + count, everyCallFails);
            }
            java.util.Set<Integer> isolated = new java.util.HashSet<>();
            for (int k = offset; k < offset + count; k++) {
                int i = index(pages[k]);
                int folio = i / folioPages;
                if (nodes != null && i == cutShortAt) {
                    cutShortAt = -1;
                    return offset + count - k;
                }
                if (nodes == null) {
                    status[k] = node[i];
                } else if (isolated.contains(folio)) {
                    status[k] = -Errno.EBUSY.number();
                } else if (folioPages > 1 && node[i] != nodes[k]) {
                    isolated.add(folio);
                    for (int j = folio * folioPages; j < (folio + 1) * folioPages; j++) {
                        node[j] = nodes[k];
                    }
                    status[k] = nodes[k];
                } else if (transientFailures[i] > 0) {
                    transientFailures[i]--;
                    status[k] = -transientErrno[i].number();
                } else if (node[i] == nodes[k]) {
                    status[k] = node[i];
                } else if (room == 0) {
                    throw SyscallException.of("move_pages", "count=" + count, Errno.ENOMEM);
                } else {
                    room--;
                    node[i] = nodes[k];
                    status[k] = node[i];
                }
            }
            return 0;
        }

        NumaSyscalls syscalls() {
            return (NumaSyscalls) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NumaSyscalls.class},
                    (proxy, m, a) -> switch (m.getName()) {
                        case "movePages" -> movePages((long[]) a[1], (int[]) a[2], (int[]) a[3], (int) a[4], (int) a[5]);
                        case "pageSize" -> PAGE;
                        case "name" -> "scripted";
                        case "simulated" -> true;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static long[] addresses(int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = (long) i * PAGE;
        }
        return a;
    }

    @Test
    void wholeCallEnomem_pagesTheFailedCallMoved_countAsMoved_notAlready() {
        // 8 pages on node 0, one already on node 1; node 1 has room for 3: the batch call moves
        // 3 and fails the whole call with ENOMEM.
        ScriptedKernel k = new ScriptedKernel(0, 0, 1, 0, 0, 0, 0, 0);
        k.room = 3;
        MoveReport r = new PageMover(k.syscalls()).move(0, addresses(8), 1, MoveOptions.defaults(), MoveProgress.NONE);

        assertEquals(Map.of(Outcome.MOVED, 3L, Outcome.ALREADY, 1L, Outcome.errno(Errno.ENOMEM), 4L), r.outcomeMap());
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0, 0, 0}, k.node, "where the pages really are");
        int enomem = -Errno.ENOMEM.number();
        assertArrayEquals(new int[] {1, 1, 1, 1, enomem, enomem, enomem, enomem}, r.status());
    }

    @Test
    void pageUnderAnotherMoversMigration_isRetried_andMoves() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0);
        k.transientFailures[1] = 1;
        k.transientFailures[2] = 1;
        k.transientErrno[2] = Errno.ENOENT;
        k.transientFailures[3] = 2;
        MoveReport r = new PageMover(k.syscalls()).move(0, addresses(4), 1, MoveOptions.defaults(), MoveProgress.NONE);

        assertEquals(Map.of(Outcome.MOVED, 4L), r.outcomeMap());
        assertArrayEquals(new int[] {1, 1, 1, 1}, k.node);
    }

    @Test
    void pageThatStaysEfault_isReportedAsEfault_andEveryPageIsAccounted() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0);
        k.transientFailures[2] = Integer.MAX_VALUE;
        MoveReport r = new PageMover(k.syscalls()).move(0, addresses(3), 1, MoveOptions.defaults(), MoveProgress.NONE);

        assertEquals(Map.of(Outcome.MOVED, 2L, Outcome.errno(Errno.EFAULT), 1L), r.outcomeMap());
        assertEquals(r.requestedPages(), r.moved() + r.already() + r.failed());
    }

    /**
     * 64 KiB folios (multi-size THP, 6.8+): the first address of each moves the whole folio and
     * the other fifteen come back -EBUSY; retried, they are on the target, and every page counts
     * as moved (not "already", not EBUSY).
     */
    @Test
    void largeFolio_tailAddressesThatComeBackEbusy_countAsMoved() {
        ScriptedKernel k = new ScriptedKernel(new int[64]);
        k.folioPages = 16;
        MoveReport r = new PageMover(k.syscalls()).move(0, addresses(64), 1, MoveOptions.defaults(), MoveProgress.NONE);

        assertEquals(Map.of(Outcome.MOVED, 64L), r.outcomeMap());
        int[] all1 = new int[64];
        Arrays.fill(all1, 1);
        assertArrayEquals(all1, k.node);
        assertArrayEquals(all1, r.status());
    }
}

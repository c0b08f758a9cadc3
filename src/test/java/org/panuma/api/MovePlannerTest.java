package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.api.PageMoverAccountingTest.ScriptedKernel;
import org.panuma.spi.RegionKind;

/**
 * A plan looks at each page at most once, and not at all where numa_maps already says where a
 * whole region is. The scripted kernel of {@link PageMoverAccountingTest} answers the queries.
 */
class MovePlannerTest {
    static final int PAGE = PageMoverAccountingTest.PAGE;
    /** Eight pages at address 0, all in memory. */
    static final MemoryRegion REGION = new MemoryRegion(0, 8L * PAGE, "rw-p", RegionKind.ANON, "", PAGE, 0, true, true);

    private static MovePlan plan(ScriptedKernel k, Selection sel, Map<Long, Map<Integer, Long>> resident) {
        return new MovePlanner(k.syscalls(), 1, 3).plan(sel, List.of(REGION), resident);
    }

    private static Selection range(long fromPage, long toPage) {
        return new Selection(List.of(), new AddressRange(fromPage * PAGE, toPage * PAGE), null, null);
    }

    @Test
    void aRegionWhollyOnOneNode_isPlannedFromNumaMaps_withoutAQuery() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0, 0, 0, 0, 0);
        MovePlan p = plan(k, Selection.all(), Map.of(0L, Map.of(0, 8L)));

        assertEquals(PageEntries.NONE, p.pageEntries());
        assertArrayEquals(new int[8], p.status());
        assertEquals(Map.of(0, 8L), p.before().byNode());
    }

    @Test
    void aRangeThatTakesTheRegionWhole_isPlannedFromNumaMapsToo() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0, 0, 0, 0, 0);
        MovePlan p = plan(k, range(0, 8), Map.of(0L, Map.of(0, 8L)));

        assertEquals(PageEntries.NONE, p.pageEntries());
        assertEquals(8, p.pages().length);
    }

    @Test
    void aRangeThatTakesPartOfTheRegion_isQueried_eachPageOnce() {
        ScriptedKernel k = new ScriptedKernel(0, 0, 0, 0, 0, 0, 0, 0);
        MovePlan p = plan(k, range(2, 6), Map.of(0L, Map.of(0, 8L)));

        assertEquals(new PageEntries(4, 0), p.pageEntries());
        assertEquals(4, p.pages().length);
    }

    @Test
    void aRegionOnTwoNodes_isQueried_eachPageOnce_andFromNodesKeepsOnlyItsPages() {
        ScriptedKernel k = new ScriptedKernel(0, 1, 0, 1, 0, 1, 0, 1);
        Selection fromOne = new Selection(List.of(), null, null, org.panuma.spi.NodeSet.of(1));
        MovePlan p = plan(k, fromOne, Map.of(0L, Map.of(0, 4L, 1, 4L)));

        assertEquals(new PageEntries(8, 0), p.pageEntries());
        assertArrayEquals(new long[] {PAGE, 3L * PAGE, 5L * PAGE, 7L * PAGE}, p.pages());
        assertEquals(Map.of(1, 4L), p.before().byNode());
    }
}

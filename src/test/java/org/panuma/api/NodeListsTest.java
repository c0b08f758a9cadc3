package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.panuma.spi.CpuSet;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

class NodeListsTest {
    /** Four nodes online; this process may use nodes 1-3 (a cpuset). */
    private static final Topology FOUR = topology(NodeSet.of(0, 1, 2, 3), NodeSet.of(1, 2, 3));

    static Topology topology(NodeSet online, NodeSet allowed) {
        List<Topology.Node> nodes = new ArrayList<>();
        int[] ids = online.toArray();
        for (int id : ids) {
            int[] d = new int[ids.length];
            for (int j = 0; j < ids.length; j++) {
                d[j] = ids[j] == id ? 10 : 20;
            }
            nodes.add(new Topology.Node(id, CpuSet.of(id), 1L << 30, 1L << 29, d, ids));
        }
        return new Topology("6.1.0", online, online, online, online, allowed, nodes, true);
    }

    @Test
    void singleNodesRangesAndLists() {
        assertEquals(NodeSet.of(2), NodeLists.parse("2", FOUR));
        assertEquals(NodeSet.of(0, 1, 2), NodeLists.parse("0-2", FOUR));
        assertEquals(NodeSet.of(0, 3), NodeLists.parse("0,3", FOUR));
        assertEquals(NodeSet.of(0, 2, 3), NodeLists.parse(" 0,2-3 ", FOUR));
    }

    @Test
    void all_isTheAllowedNodes_notEveryNode() {
        assertEquals(NodeSet.of(1, 2, 3), NodeLists.parse("all", FOUR));
    }

    @Test
    void bang_isTheAllowedNodesExceptThose() {
        assertEquals(NodeSet.of(1, 3), NodeLists.parse("!2", FOUR));
        assertEquals(NodeSet.of(3), NodeLists.parse("!0-2", FOUR));
    }

    @Test
    void plus_isRelativeToTheAllowedNodes() {
        assertEquals(NodeSet.of(1), NodeLists.parse("+0", FOUR));
        assertEquals(NodeSet.of(2, 3), NodeLists.parse("+1-2", FOUR));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeLists.parse("+3", FOUR));
        assertTrue(e.getMessage().contains("relative node 3"), e.getMessage());
    }

    @Test
    void nodeThatDoesNotExist_isNamed_withTheNodesThatDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeLists.parse("7", FOUR));
        assertTrue(e.getMessage().contains("node 7"), e.getMessage());
        assertTrue(e.getMessage().contains("0-3"), e.getMessage());
    }

    @Test
    void garbage_isNamed() {
        for (String bad : new String[] {"x", "1-", "one", "0..2", "-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeLists.parse(bad, FOUR),
                    bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NodeLists.parse("", FOUR));
    }

    @Test
    void listThatSelectsNothing_isAnError() {
        assertThrows(IllegalArgumentException.class, () -> NodeLists.parse("!1-3", FOUR));
    }

    @Test
    void parseOne_wantsExactlyOne() {
        assertEquals(2, NodeLists.parseOne("2", FOUR));
        assertEquals(1, NodeLists.parseOne("+0", FOUR));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeLists.parseOne("0-1", FOUR));
        assertTrue(e.getMessage().contains("2 nodes"), e.getMessage());
    }
}

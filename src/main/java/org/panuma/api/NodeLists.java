package org.panuma.api;

import org.panuma.spi.Printable;
import java.util.BitSet;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

/**
 * Node lists in numactl's syntax, checked against a topology:
 * <ul>
 *   <li>{@code all}: every node this process may use (its cpuset's mems);</li>
 *   <li>{@code 1}, {@code 0-3}, {@code 0,2-3}: those nodes;</li>
 *   <li>{@code !LIST}: the allowed nodes except those;</li>
 *   <li>{@code +LIST}: relative to the allowed nodes ({@code +0} is the first allowed node).</li>
 * </ul>
 * Errors name the bad value and say which nodes exist.
 */
public final class NodeLists {
    private NodeLists() {
    }

    /**
     * @throws IllegalArgumentException naming the bad part, for bad syntax, a node that does not
     *                                  exist here, or a list that comes out empty
     */
    public static NodeSet parse(String text, Topology topology) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty node list: give nodes like 1, 0-3, 0,2, all, !0 or +0");
        }
        String s = text.strip();
        NodeSet allowed = topology.memsAllowed();
        NodeSet result;
        if (s.equals("all")) {
            result = allowed;
        } else if (s.startsWith("!")) {
            result = allowed.minus(absolute(s.substring(1), s, topology));
        } else if (s.startsWith("+")) {
            result = relative(s.substring(1), s, allowed);
        } else {
            result = absolute(s, s, topology);
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("node list " + Printable.quote(s) + " selects no node (this process may use nodes "
                    + allowed + ")");
        }
        return result;
    }

    /** One node, e.g. the target of a move. */
    public static int parseOne(String text, Topology topology) {
        NodeSet n = parse(text, topology);
        if (n.size() != 1) {
            throw new IllegalArgumentException(Printable.quote(text.strip()) + " names " + n.size() + " nodes (" + n
                    + "); give exactly one");
        }
        return n.first();
    }

    private static NodeSet absolute(String list, String whole, Topology topology) {
        BitSet ids = ids(list, whole);
        NodeSet online = topology.online();
        for (int id = ids.nextSetBit(0); id >= 0; id = ids.nextSetBit(id + 1)) {
            if (!online.contains(id)) {
                throw new IllegalArgumentException("node " + id + " in " + Printable.quote(whole) + " does not exist: this machine has"
                        + " node" + (online.size() == 1 ? " " : "s ") + online);
            }
        }
        return NodeSet.fromBits(ids);
    }

    private static NodeSet relative(String list, String whole, NodeSet allowed) {
        BitSet ids = ids(list, whole);
        int[] base = allowed.toArray();
        BitSet out = new BitSet();
        for (int i = ids.nextSetBit(0); i >= 0; i = ids.nextSetBit(i + 1)) {
            if (i >= base.length) {
                throw new IllegalArgumentException("relative node " + i + " in " + Printable.quote(whole) + " is beyond the "
                        + base.length + " allowed node" + (base.length == 1 ? "" : "s") + " (" + allowed + ")");
            }
            out.set(base[i]);
        }
        return NodeSet.fromBits(out);
    }

    private static BitSet ids(String list, String whole) {
        try {
            return org.panuma.spi.IdListParser.parse(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Printable.quote(whole) + " is not a node list (" + e.getMessage()
                    + "); give nodes like 1, 0-3, 0,2, all, !0 or +0", e);
        }
    }
}

package org.panuma.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.panuma.api.ProcessPlacement;
import org.panuma.api.RegionPlacement;

/**
 * What the residency map draws: one cell per region that holds memory, sized by its bytes on
 * nodes, largest first; regions too small to see (under {@link #SMALL_SHARE} of the whole, or
 * beyond the {@link #MAX_CELLS} largest) share one cell, so a 4 KiB library page does not claim
 * the room of a 200 MiB buffer. Regions with nothing in memory are not drawn (they are listed in
 * the HTML table).
 */
final class MapCells {
    /** A region below this share of the bytes in memory joins the group of small regions. */
    static final double SMALL_SHARE = 0.005;
    /** At most this many regions get a cell of their own. */
    static final int MAX_CELLS = 60;

    /**
     * One cell: a region (or the group of small ones).
     *
     * @param id          "r" + the region's index in the placement, or "small" for the group
     * @param label       what the cell is called (path or kind; "N small regions")
     * @param bytesByNode bytes on each node
     * @param regions     the indexes (in the placement) of the regions it stands for
     */
    record Cell(String id, String label, Map<Integer, Long> bytesByNode, List<Integer> regions) {
        long bytes() {
            return bytesByNode.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private MapCells() {
    }

    /** Bytes on each node of one region. */
    static Map<Integer, Long> bytesByNode(RegionPlacement r) {
        Map<Integer, Long> m = new TreeMap<>();
        r.placement().byNode().forEach((node, pages) -> m.put(node, pages * r.region().pageSize()));
        return m;
    }

    static long bytesInMemory(RegionPlacement r) {
        return bytesByNode(r).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The region's name on the map: its path, else its kind. */
    static String name(RegionPlacement r) {
        String path = r.region().path();
        return path == null || path.isEmpty() ? r.region().kind().label() : path;
    }

    /** The cells to draw, largest first (the group of small regions among them by its size). */
    static List<Cell> of(ProcessPlacement placement) {
        List<RegionPlacement> regions = placement.regions();
        // Each region's bytes once: the sort below compares them n log n times (60,000 regions).
        long[] inMemory = new long[regions.size()];
        long total = 0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            long b = bytesInMemory(regions.get(i));
            inMemory[i] = b;
            total += b;
            if (b > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong((Integer i) -> inMemory[i]).reversed().thenComparing(i -> i));
        List<Cell> cells = new ArrayList<>();
        Map<Integer, Long> smallBytes = new TreeMap<>();
        List<Integer> small = new ArrayList<>();
        for (int i : order) {
            RegionPlacement r = regions.get(i);
            long b = inMemory[i];
            if (cells.size() < MAX_CELLS && b >= SMALL_SHARE * total) {
                cells.add(new Cell("r" + i, name(r), bytesByNode(r), List.of(i)));
            } else {
                small.add(i);
                bytesByNode(r).forEach((node, n) -> smallBytes.merge(node, n, Long::sum));
            }
        }
        if (small.size() == 1) {
            RegionPlacement r = regions.get(small.get(0));
            cells.add(new Cell("r" + small.get(0), name(r), bytesByNode(r), List.copyOf(small)));
        } else if (!small.isEmpty()) {
            cells.add(new Cell("small", small.size() + " small regions", smallBytes, List.copyOf(small)));
        }
        // Largest first, the group too: the treemap's rows come out squarest that way.
        cells.sort(Comparator.comparingLong(Cell::bytes).reversed());
        return cells;
    }
}

package org.panuma.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.panuma.spi.Errno;

/**
 * Where the pages of a range are, as move_pages(2) in query mode reported them: compactly as
 * pages per node and pages per failure reason, and page by page on demand.
 *
 * <pre>{@code
 * PagePlacement where = numa.pages().where(buffer);
 * System.out.println(where.pagesByNode());      // {0=512, 1=512}
 * int nodeOfPage7 = where.node(7);              // -1 when page 7 is on no node
 * }</pre>
 *
 * <p>A page on no node has a reason: {@link Errno#EFAULT} (never touched before Linux 6.12, or
 * not mapped), {@link Errno#ENOENT} (never touched on 6.12+, or swapped out), ...
 */
public final class PagePlacement {
    private final long firstPage;
    private final int pageSize;
    private final int[] status;
    private final Map<Integer, Long> byNode;
    private final Map<Errno, Long> byFailure;

    PagePlacement(long firstPage, int pageSize, int[] status) {
        this.firstPage = firstPage;
        this.pageSize = pageSize;
        this.status = status;
        TreeMap<Integer, Long> nodes = new TreeMap<>();
        EnumMap<Errno, Long> failures = new EnumMap<>(Errno.class);
        for (int s : status) {
            if (s >= 0) {
                nodes.merge(s, 1L, Long::sum);
            } else {
                Errno e = PageStatus.errno(s);
                // An errno panuma has no name for is still a failure; EINVAL stands in rather than losing the page.
                failures.merge(e == null ? Errno.EINVAL : e, 1L, Long::sum);
            }
        }
        this.byNode = Collections.unmodifiableMap(nodes);
        this.byFailure = Collections.unmodifiableMap(failures);
    }

    /** The address of the first page. <pre>{@code long a = where.firstPage();}</pre> */
    public long firstPage() {
        return firstPage;
    }

    /** The number of pages queried. <pre>{@code int n = where.pageCount();}</pre> */
    public int pageCount() {
        return status.length;
    }

    /** The page size the range was split by. <pre>{@code int size = where.pageSize();}</pre> */
    public int pageSize() {
        return pageSize;
    }

    /** Pages per node, by ascending node id; only pages that are on a node. <pre>{@code where.pagesByNode().get(0)}</pre> */
    public Map<Integer, Long> pagesByNode() {
        return byNode;
    }

    /** Pages on no node, per reason. <pre>{@code where.pagesByFailure().getOrDefault(Errno.ENOENT, 0L)}</pre> */
    public Map<Errno, Long> pagesByFailure() {
        return byFailure;
    }

    /** Pages on {@code node}. <pre>{@code long local = where.pagesOn(0);}</pre> */
    public long pagesOn(int node) {
        return byNode.getOrDefault(node, 0L);
    }

    /** True when every page is on {@code node}. <pre>{@code assert where.allOn(1);}</pre> */
    public boolean allOn(int node) {
        return pagesOn(node) == status.length;
    }

    /** The node with the most pages, empty when no page is on a node. <pre>{@code where.dominantNode().getAsInt()}</pre> */
    public OptionalInt dominantNode() {
        int best = -1;
        long most = 0;
        for (Map.Entry<Integer, Long> e : byNode.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** The node of page {@code i}, or -1 when it is on none (see {@link #failure(int)}). <pre>{@code where.node(0)}</pre> */
    public int node(int i) {
        int s = status(i);
        return s >= 0 ? s : -1;
    }

    /** Why page {@code i} is on no node, or null when it is on one. <pre>{@code Errno why = where.failure(3);}</pre> */
    public Errno failure(int i) {
        return PageStatus.errno(status(i));
    }

    /** The raw status word of page {@code i}: a node id or a negated errno. <pre>{@code where.status(0)}</pre> */
    public int status(int i) {
        if (i < 0 || i >= status.length) {
            throw new IndexOutOfBoundsException("page " + i + " of " + status.length);
        }
        return status[i];
    }

    /** The address of page {@code i}. <pre>{@code long a = where.address(1);}</pre> */
    public long address(int i) {
        status(i);
        return firstPage + (long) i * pageSize;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(status.length).append(" pages");
        byNode.forEach((n, c) -> sb.append(", node ").append(n).append(": ").append(c));
        byFailure.forEach((e, c) -> sb.append(", ").append(e.name()).append(": ").append(c));
        return sb.toString();
    }
}

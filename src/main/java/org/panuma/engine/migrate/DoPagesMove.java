package org.panuma.engine.migrate;

import org.panuma.engine.model.IntList;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.Task;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * do_pages_move, move_pages_and_store_status, do_move_pages_to_node and store_status of 4.17–6.11
 * (profile v6.1) and 6.12+ (v6.12), mm/migrate.c.
 *
 * Kernel sources: [6.1 mm/migrate.c do_pages_move] [6.1 mm/migrate.c move_pages_and_store_status] [6.1 mm/migrate.c do_move_pages_to_node] [6.1 mm/migrate.c store_status] [6.12 mm/migrate.c do_pages_move]
 *
 * <pre>
 * do_pages_move:
 *   lru_cache_disable()
 *   current_node = NUMA_NO_NODE
 *   for i = start = 0; i &lt; nr_pages; i++:
 *       get_user(p), get_user(node) else err = -EFAULT: goto out_flush
 *       node &lt; 0 || node &gt;= MAX_NUMNODES || !node_state(node, N_MEMORY): err = -ENODEV: goto out_flush
 *       !node_isset(node, task_nodes): err = -EACCES: goto out_flush
 *       if current_node == NUMA_NO_NODE: current_node = node; start = i
 *       else if node != current_node:
 *           err = move_pages_and_store_status(current_node, pagelist, status, start, i, nr_pages)
 *           if err: goto out
 *           start = i; current_node = node
 *       err = add_page_for_migration(mm, p, current_node, pagelist, flags &amp; MOVE_ALL)
 *       if err &gt; 0: continue                                     (queued)
 *       if err == -EEXIST: err = -EFAULT
 *       store_status(status, i, err ?: current_node, 1)          else goto out_flush
 *       err = move_pages_and_store_status(current_node, pagelist, status, start, i, nr_pages)
 *       if err: if err &gt; 0: err--  (page i is accounted); goto out
 *       current_node = NUMA_NO_NODE
 * out_flush:
 *   err1 = move_pages_and_store_status(current_node, pagelist, status, start, i, nr_pages)
 *   if err &gt;= 0: err = err1
 * out:
 *   lru_cache_enable(); return err
 *
 * move_pages_and_store_status:
 *   list_empty: return 0
 *   err = do_move_pages_to_node(pagelist, node)    (migrate_pages; putback_movable_pages if err)
 *   if err: if err &gt; 0: err += nr_pages - i; return err     (status of the run stays unwritten)
 *   return store_status(status, start, node, i - start)
 * </pre>
 */
public final class DoPagesMove {
    private DoPagesMove() {
    }

    public static long move(Machine m, Mm mm, NodeSet taskNodes, MovePagesArgs a) {
        m.lruCaches().disable(m);
        try {
            return loop(m, mm, taskNodes, a);
        } finally {
            m.lruCaches().enable();
        }
    }

    private static long loop(Machine m, Mm mm, NodeSet taskNodes, MovePagesArgs a) {
        long nrPages = a.count();
        boolean migrateAll = (a.flags() & Mpol.MPOL_MF_MOVE_ALL) != 0;
        int maxNodes = m.profile().maxNumNodes();
        // Sized for the call up front (at most one queued page per entry, capped so that a huge count
        // with short arrays cannot over-allocate): growing by doubling copied the list log2(n) times.
        IntList pagelist = new IntList((int) Math.min(Math.min(nrPages, a.pages().length), 1 << 24));
        int currentNode = -1;
        long checkedNode = Long.MIN_VALUE; // no node checked yet: every int, -1 included, is a value a caller may pass
        long start = 0;
        long err = 0;
        long i;
        flush:
        {
            for (i = start = 0; Long.compareUnsigned(i, nrPages) < 0; i++) {
                if (!a.canRead(i)) {
                    m.trace().note("entry " + i + " lies beyond the pages/nodes arrays: -EFAULT");
                    err = Rc.EFAULT;
                    break flush;
                }
                long addr = a.pages()[(int) i];
                int node = a.nodes()[(int) i];
                if (node != checkedNode) { // nodes and the cpuset do not change during a call: check each run's node once
                    if (node < 0 || node >= maxNodes || !m.nodes().hasMemory(node)) {
                        m.trace().note("entry " + i + ": node " + node + " is not a node with memory: -ENODEV");
                        err = Rc.ENODEV;
                        break flush;
                    }
                    if (!taskNodes.contains(node)) {
                        m.trace().note("entry " + i + ": node " + node + " is outside the target's cpuset (" + taskNodes + "): -EACCES");
                        err = Rc.EACCES;
                        break flush;
                    }
                    checkedNode = node;
                }
                if (currentNode == -1) {
                    currentNode = node;
                    start = i;
                } else if (node != currentNode) {
                    err = moveAndStore(m, currentNode, pagelist, a, start, i, nrPages);
                    if (err != 0) {
                        return err;
                    }
                    start = i;
                    currentNode = node;
                }
                err = AddPageForMigration.add(m, mm, (int) i, addr, currentNode, pagelist, migrateAll);
                if (err > 0) {
                    m.events().afterEntry(m, i);
                    continue;
                }
                if (!a.canWriteStatus(i)) {
                    err = Rc.EFAULT;
                    break flush;
                }
                a.status()[(int) i] = err != 0 ? (int) err : currentNode;
                err = moveAndStore(m, currentNode, pagelist, a, start, i, nrPages);
                if (err != 0) {
                    if (err > 0) {
                        err--;
                    }
                    return err;
                }
                currentNode = -1;
                m.events().afterEntry(m, i);
            }
        }
        long err1 = moveAndStore(m, currentNode, pagelist, a, start, i, nrPages);
        if (err >= 0) {
            err = err1;
        }
        return err;
    }

    static long moveAndStore(Machine m, int node, IntList pagelist, MovePagesArgs a, long start, long i, long nrPages) {
        if (pagelist.isEmpty()) {
            return 0;
        }
        long err = doMovePagesToNode(m, pagelist, node);
        if (err != 0) {
            if (err > 0) {
                // migrate_pages' count, taken before the entries not yet processed are added; the pagelist
                // itself has already been put back and emptied by do_move_pages_to_node.
                m.trace().note(String.format("entries %d..%d: %d page(s) not migrated; the call stops, their status "
                        + "and that of every later entry stay as they were", start, i - 1, err));
                err += nrPages - i;
            }
            return err;
        }
        for (long k = start; k < i; k++) {
            if (!a.canWriteStatus(k)) {
                return Rc.EFAULT;
            }
            a.status()[(int) k] = node;
        }
        return 0;
    }

    /** do_move_pages_to_node: migrate_pages(MIGRATE_SYNC, MR_SYSCALL); put back what is left on failure. */
    static int doMovePagesToNode(Machine m, IntList pagelist, int node) {
        Task current = m.current();
        int err = MigratePages.migrate(m, pagelist, MigrationTarget.onNode(node), current.cpu());
        if (err != 0) {
            PutbackLruPages.putbackMovable(m, pagelist, current.cpu());
        }
        pagelist.clear();
        return err;
    }
}

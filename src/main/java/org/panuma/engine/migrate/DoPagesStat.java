package org.panuma.engine.migrate;

import org.panuma.engine.model.Frames;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Vma;

/**
 * do_pages_stat and do_pages_stat_array of 4.17–6.11 (v6.1) and 6.12+ (v6.12), mm/migrate.c.
 *
 * Kernel sources: [6.1 mm/migrate.c do_pages_stat] [6.1 mm/migrate.c do_pages_stat_array] [6.12 mm/migrate.c do_pages_stat_array]
 *
 * <pre>
 * do_pages_stat: in chunks of DO_PAGES_STAT_CHUNK_NR (16):
 *     copy_from_user(chunk_pages) else break;  do_pages_stat_array;  copy_to_user(status) else break
 *   return nr_pages left ? -EFAULT : 0
 * do_pages_stat_array, per page:
 *   vma = vma_lookup(mm, addr); !vma: -EFAULT                (no vma_migratable check)
 *   6.1:  page = follow_page(FOLL_GET | FOLL_DUMP); IS_ERR: -EFAULT; !page: -ENOENT
 *         zone device: -ENOENT; else page_to_nid
 *   6.12: folio = folio_walk_start(FW_ZEROPAGE); !folio: -ENOENT
 *         zero folio: -EFAULT; zone device: -ENOENT; else folio_nid
 * </pre>
 */
public final class DoPagesStat {
    private DoPagesStat() {
    }

    public static final int CHUNK = 16;

    public static long stat(Machine m, Mm mm, MovePagesArgs a) {
        long left = a.count();
        long at = 0;
        int[] chunkStatus = new int[CHUNK];
        while (left != 0) {
            int n = Long.compareUnsigned(left, CHUNK) < 0 ? (int) left : CHUNK;
            if (!a.canRead(at + n - 1)) {
                m.trace().note("entries " + at + "..: the pages array is shorter than the count: -EFAULT");
                break;
            }
            for (int k = 0; k < n; k++) {
                chunkStatus[k] = statOne(m, mm, (int) (at + k), a.pages()[(int) (at + k)]);
                m.events().afterEntry(m, at + k);
            }
            if (!a.canWriteStatus(at + n - 1)) {
                m.trace().note("entries " + at + "..: the status array is shorter than the count: -EFAULT");
                break;
            }
            System.arraycopy(chunkStatus, 0, a.status(), (int) at, n);
            at += n;
            left -= n;
        }
        return left != 0 ? Rc.EFAULT : 0;
    }

    static int statOne(Machine m, Mm mm, int entry, long addr) {
        Frames f = m.frames();
        Vma vma = mm.vmaLookup(addr);
        if (vma == null) {
            m.trace().entry(entry, -1, "do_pages_stat_array", Rc.EFAULT, "no VMA contains 0x" + Long.toHexString(addr));
            return Rc.EFAULT;
        }
        int pfn = FollowPage.lookup(m, vma, addr);
        if (pfn == FollowPage.ERR_EFAULT || pfn >= 0 && f.test(pfn, PageFlags.ZERO)) {
            m.trace().entry(entry, -1, "do_pages_stat_array", Rc.EFAULT, FollowPage.whyNot(m, vma, addr, pfn));
            return Rc.EFAULT;
        }
        if (pfn == FollowPage.NULL) {
            m.trace().entry(entry, -1, "do_pages_stat_array", Rc.ENOENT, FollowPage.whyNot(m, vma, addr, pfn));
            return Rc.ENOENT;
        }
        if (f.test(pfn, PageFlags.ZONE_DEVICE)) {
            m.trace().entry(entry, pfn, "do_pages_stat_array", Rc.ENOENT, "a ZONE_DEVICE page");
            return Rc.ENOENT;
        }
        int nid = f.node(pfn);
        m.trace().entry(entry, pfn, "do_pages_stat_array", nid, "on node " + nid);
        return nid;
    }

}

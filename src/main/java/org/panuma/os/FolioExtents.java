package org.panuma.os;

import java.util.function.LongUnaryOperator;

/**
 * The large folio (THP or multi-size THP) each page of a {@link PageSnapshot} belongs to, found in
 * /proc/kpageflags: a folio is a compound page whose head has {@code KPF_COMPOUND_HEAD} and whose
 * other pages {@code KPF_COMPOUND_TAIL}, at consecutive PFNs; {@code KPF_THP} says it is a
 * transparent one (any size from 6.8, not hugetlb). For a page inside one, the head is the nearest
 * head at or below its PFN and the size the head plus the tails after it. Pure: the flags of PFNs
 * outside the snapshot come from {@code flagsAt}.
 *
 * @param headPfn  per page, its folio's head PFN; 0 for a base page, a hugetlb page or an unknown one
 * @param pages    per page, its folio's size in base pages; 0 where headPfn is 0
 * @param headFlags per page, the head's kpageflags (the folio's LRU state: a tail reads no KPF_LRU on 6.1)
 */
public record FolioExtents(long[] headPfn, int[] pages, long[] headFlags) {
    /** The largest transparent folio: a PMD of 4 KiB pages. */
    public static final int MAX_PAGES = 512;

    public static FolioExtents of(PageSnapshot s, LongUnaryOperator flagsAt) {
        int n = s.addresses().length;
        long[] head = new long[n];
        int[] pages = new int[n];
        long[] headFlags = new long[n];
        long[] flags = s.kpageflags();
        if (flags == null) {
            return new FolioExtents(head, pages, headFlags);
        }
        for (int i = 0; i < n; i++) {
            long pfn = s.entry(i).pfn();
            long f = flags[i];
            boolean compound = KPageFlags.has(f, KPageFlags.COMPOUND_HEAD) || KPageFlags.has(f, KPageFlags.COMPOUND_TAIL);
            if (pfn == 0 || !compound || !KPageFlags.has(f, KPageFlags.THP)) {
                continue;
            }
            long h = pfn;
            long hf = f;
            while (!KPageFlags.has(hf, KPageFlags.COMPOUND_HEAD)) {
                if (pfn - h >= MAX_PAGES || h == 0) {
                    hf = -1;
                    break;
                }
                hf = flagsAt.applyAsLong(--h);
            }
            if (hf == -1) {
                continue; // no head within a PMD: not a folio this reads
            }
            int size = 1;
            while (size < MAX_PAGES && KPageFlags.has(flagsAt.applyAsLong(h + size), KPageFlags.COMPOUND_TAIL)) {
                size++;
            }
            head[i] = h;
            pages[i] = size;
            headFlags[i] = hf;
        }
        return new FolioExtents(head, pages, headFlags);
    }

    /** Whether page {@code i} is in a large folio. */
    public boolean large(int i) {
        return pages[i] > 1;
    }
}

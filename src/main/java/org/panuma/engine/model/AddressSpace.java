package org.panuma.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An anon_vma (anonymous pages) or a file's address_space with its migration operations, its page
 * cache (the radix tree: page offset to frame) and the VMAs that map it (the reverse map walked by
 * remove_migration_ptes).
 */
public final class AddressSpace {
    public enum Kind { ANON, FILE, SHMEM }

    /** What a_ops->writepage does when writeout calls it. */
    /**
     * What the mapping's writepage does for a dirty page that migration must clean: none
     * (ABSENT), starts the write (WRITES), fails with an I/O error (FAILS), redirties the page and
     * answers AOP_WRITEPAGE_ACTIVATE (ACTIVATES: shmem_writepage under for_reclaim), or loses the
     * race to another writer that started the write first, so clear_page_dirty_for_io finds the page
     * clean (RACES).
     */
    public enum Writepage { ABSENT, WRITES, FAILS, ACTIVATES, RACES }

    private final int id;
    private final Kind kind;
    private final String name;
    private MigrateOp migrateOp = MigrateOp.MIGRATE_PAGE;
    private Writepage writepage = Writepage.WRITES;
    private boolean releasesPrivate = true;
    private final Map<Integer, Integer> pageCache = new HashMap<>();
    private final List<Vma> vmas = new ArrayList<>(1);

    public AddressSpace(int id, Kind kind, String name) {
        this.id = id;
        this.kind = kind;
        this.name = name;
    }

    public int id() { return id; }
    public Kind kind() { return kind; }
    public String name() { return name; }
    public boolean isAnon() { return kind == Kind.ANON; }

    public MigrateOp migrateOp() { return migrateOp; }
    public AddressSpace migrateOp(MigrateOp op) { this.migrateOp = op; return this; }
    public Writepage writepage() { return writepage; }
    public AddressSpace writepage(Writepage w) { this.writepage = w; return this; }
    /** Whether try_to_release_page (releasepage) drops a page's buffers. */
    public boolean releasesPrivate() { return releasesPrivate; }
    public AddressSpace releasesPrivate(boolean r) { this.releasesPrivate = r; return this; }

    /** The page cache slot for {@code index}, or -1 (radix_tree_lookup_slot). */
    public int cached(int index) {
        Integer pfn = pageCache.get(index);
        return pfn == null ? -1 : pfn;
    }

    public void setCached(int index, int pfn) {
        pageCache.put(index, pfn);
    }

    /** Takes the page at {@code index} out of the page cache (radix_tree_delete). */
    public void uncache(int index) {
        pageCache.remove(index);
    }

    public int cachedPages() {
        return pageCache.size();
    }

    public List<Vma> vmas() {
        return vmas;
    }
}

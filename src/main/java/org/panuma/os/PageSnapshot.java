package org.panuma.os;

import java.util.Set;

/**
 * What the kernel tells about a list of a process's pages at one moment, as plain data for a
 * prediction (the engine's dry run): the pagemap entry of every page and, where readable (root),
 * the page's flags and map count. Which inputs could not be read is recorded: predictions that
 * would need them are less certain.
 *
 * @param addresses   the pages, in order
 * @param pagemap     raw pagemap entries, parallel to addresses ({@link PagemapEntry})
 * @param kpageflags  raw /proc/kpageflags words, or null when unreadable or PFNs hidden
 * @param kpagecount  /proc/kpagecount map counts, or null when unreadable or PFNs hidden
 * @param unreadable  the inputs that could not be read ("/proc/kpageflags", "pfn", ...), with why
 */
public record PageSnapshot(long[] addresses, long[] pagemap, long[] kpageflags, long[] kpagecount,
                           Set<String> unreadable) {
    public PageSnapshot {
        if (pagemap.length != addresses.length || (kpageflags != null && kpageflags.length != addresses.length)
                || (kpagecount != null && kpagecount.length != addresses.length)) {
            throw new IllegalArgumentException("snapshot arrays differ in length");
        }
        unreadable = Set.copyOf(unreadable);
    }

    public PagemapEntry entry(int i) {
        return new PagemapEntry(pagemap[i]);
    }

    /** True when every input was read: predictions need not say they are less certain. */
    public boolean complete() {
        return unreadable.isEmpty();
    }
}

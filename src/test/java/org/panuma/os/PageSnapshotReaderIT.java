package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panuma.backend.AnonymousMapping;
import org.panuma.spi.Backends;
import org.panuma.spi.NumaSyscalls;

/** A snapshot of this JVM's own pages: touched pages are present, untouched ones are not. */
class PageSnapshotReaderIT {
    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void touchedPagesArePresentAndExclusive_untouchedAreNot() {
        NumaSyscalls sys = Backends.open(null);
        try (AnonymousMapping m = new AnonymousMapping(sys, 8)) {
            for (int i = 0; i < 4; i++) {
                m.touch(i);
            }
            int self = (int) ProcessHandle.current().pid();
            PageSnapshot s = PageSnapshotReader.system(sys.pageSize()).read(self, m.addresses());
            for (int i = 0; i < 4; i++) {
                assertTrue(s.entry(i).present(), "page " + i);
                assertTrue(s.entry(i).exclusivelyMapped(), "page " + i);
                assertFalse(s.entry(i).fileOrSharedAnon());
            }
            for (int i = 4; i < 8; i++) {
                assertFalse(s.entry(i).present(), "page " + i);
                assertFalse(s.entry(i).swapped(), "page " + i);
            }
            if (root()) {
                assertTrue(s.complete(), s.unreadable().toString());
                assertTrue(s.entry(0).pfn() != 0);
                assertNotNull(s.kpageflags());
                assertEquals(1, s.kpagecount()[0], "mapped once");
                // A freshly faulted page may still sit in a per-CPU LRU batch (no LRU flag yet) and an
                // anonymous page's dirtiness lives in its PTE: only "mapped" and "anonymous" are certain.
                assertTrue(KPageFlags.has(s.kpageflags()[0], KPageFlags.MMAP), Long.toHexString(s.kpageflags()[0]));
                assertTrue(KPageFlags.has(s.kpageflags()[0], KPageFlags.ANON), Long.toHexString(s.kpageflags()[0]));
                assertEquals(0, s.kpageflags()[4], "no frame, no flags");
            } else {
                assertFalse(s.complete());
                assertNull(s.kpageflags());
            }
        }
    }
}

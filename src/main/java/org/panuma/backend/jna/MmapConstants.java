package org.panuma.backend.jna;

/**
 * The {@code <sys/mman.h>} values the JNA backend needs (the FFM backend reads them from the
 * generated bindings; {@code ConstantsMatchHeadersIT} checks both against the header).
 */
final class MmapConstants {
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;

    private MmapConstants() {
    }
}

package org.panuma.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.panuma.spi.RegionKind;

/**
 * Which regions of a process a command is about: a kind ("heap", "stack", "anon", "file", "shm",
 * "hugetlb") or a glob over the region's path ("*libc*", "/dev/shm/*"; * and ? as in a shell).
 */
public final class RegionFilter {
    private final String text;
    private final RegionKind kind;
    private final Glob glob;

    private RegionFilter(String text, RegionKind kind, Glob glob) {
        this.text = text;
        this.kind = kind;
        this.glob = glob;
    }

    /** @throws IllegalArgumentException naming the value, for an unknown kind that is no glob either */
    public static RegionFilter parse(String text) {
        String s = text == null ? "" : text.strip();
        for (RegionKind k : RegionKind.values()) {
            if (k.migratable() && k.label().equals(s.toLowerCase(Locale.ROOT))) {
                return new RegionFilter(s, k, null);
            }
        }
        if (s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('/') >= 0 || s.startsWith("[")) {
            return new RegionFilter(s, null, new Glob(s));
        }
        throw new IllegalArgumentException("unknown region '" + s + "': give one of " + kinds()
                + ", or a glob over paths like '*libc*'");
    }

    public boolean matches(MemoryRegion r) {
        return kind != null ? r.kind() == kind : glob.matches(r.path());
    }

    private static String kinds() {
        return Arrays.stream(RegionKind.values()).filter(RegionKind::migratable).map(RegionKind::label)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return text;
    }
}

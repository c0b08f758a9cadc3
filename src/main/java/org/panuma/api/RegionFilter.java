package org.panuma.api;

import org.panuma.spi.Printable;
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
    private final java.util.List<org.panuma.spi.JvmRegion> ranges;

    private RegionFilter(String text, RegionKind kind, Glob glob) {
        this(text, kind, glob, null);
    }

    private RegionFilter(String text, RegionKind kind, Glob glob, java.util.List<org.panuma.spi.JvmRegion> ranges) {
        this.ranges = ranges;
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
        throw new IllegalArgumentException("unknown region " + Printable.quote(s) + ": give one of " + kinds()
                + ", a JVM's " + String.join(", ", org.panuma.spi.JvmRegion.NAMES) + ", or a glob over paths like '*libc*'");
    }

    public boolean matches(MemoryRegion r) {
        if (ranges != null) {
            return ranges.stream().anyMatch(j -> j.overlaps(r.start(), r.end()));
        }
        return kind != null ? r.kind() == kind : glob.matches(r.path());
    }

    /** True for the names of a JVM's own regions (java-heap, code-cache, metaspace, class-space, cds-archive). */
    public static boolean isJvmRegionName(String text) {
        return text != null && org.panuma.spi.JvmRegion.NAMES.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The regions overlapping a JVM's own region of that name (from {@link JvmRegions#of}).
     *
     * @throws IllegalArgumentException when the JVM has no region of that name
     */
    public static RegionFilter jvm(String name, java.util.List<org.panuma.spi.JvmRegion> jvmRegions) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        java.util.List<org.panuma.spi.JvmRegion> named = jvmRegions.stream().filter(j -> j.name().equals(n)).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("the JVM names no " + n + " (it names "
                    + jvmRegions.stream().map(org.panuma.spi.JvmRegion::name).distinct().toList() + ")");
        }
        return new RegionFilter(n, null, null, named);
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

package org.panuma.spi;

/**
 * A range of a JVM's memory that the JVM itself names (from jcmd): its Java heap, code cache,
 * metaspace, compressed class space or CDS archive.
 *
 * @param name  "java-heap", "code-cache", "metaspace", "class-space" or "cds-archive"
 * @param start first byte
 * @param end   one past the last byte
 */
public record JvmRegion(String name, long start, long end) {
    /** The names, as `--region` takes them. */
    public static final java.util.List<String> NAMES = java.util.List.of("java-heap", "code-cache", "metaspace",
            "class-space", "cds-archive");

    public boolean overlaps(long from, long to) {
        return Long.compareUnsigned(start, to) < 0 && Long.compareUnsigned(from, end) < 0;
    }
}

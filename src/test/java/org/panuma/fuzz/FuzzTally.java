package org.panuma.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the cases each fuzz property ran and how each ended, and appends them to
 * {@code target/reliability/fuzz.tsv} (one line per property and run) for RELIABILITY.md.
 * Counts come from the runs, never from the {@code tries} settings.
 */
public final class FuzzTally {
    public static final Path FILE = Paths.get("target", "reliability", "fuzz.tsv");

    private final String suite;
    private final Map<String, AtomicLong[]> counts = new ConcurrentHashMap<>();

    public FuzzTally(String suite) {
        this.suite = suite;
    }

    /** One case of {@code property} ended with a value ({@code rejected} false) or a clean rejection. */
    public void count(String property, boolean rejected) {
        AtomicLong[] c = counts.computeIfAbsent(property, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        c[rejected ? 1 : 0].incrementAndGet();
    }

    public long total() {
        return counts.values().stream().mapToLong(c -> c[0].get() + c[1].get()).sum();
    }

    /** Appends "suite property accepted rejected" lines; call once, after the suite. */
    public void write() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counts).forEach((p, c) -> sb.append(suite).append('\t').append(p).append('\t')
                .append(c[0].get()).append('\t').append(c[1].get()).append('\n'));
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("[fuzz] %s: %d cases%n", suite, total());
    }
}

package org.panuma.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.panuma.spi.MemoryTiering;

/** Reads the files {@link MemoryTieringParser} needs from a sysfs root ({@code /sys} on a host). */
public final class MemoryTieringReader {
    public static final Path SYS = Path.of("/sys");

    private MemoryTieringReader() {
    }

    /** The running kernel's tiers, demotion switch and interleave weights. */
    public static MemoryTiering readHost() {
        return MemoryTieringParser.parse(read(SYS));
    }

    /** Every file the parser reads, keyed by its path below {@code sysRoot}. */
    public static Map<String, String> read(Path sysRoot) {
        Map<String, String> files = new HashMap<>();
        forEachChild(sysRoot.resolve(MemoryTieringParser.TIER_DIR), "memory_tier\\d+",
                name -> readInto(files, sysRoot, MemoryTieringParser.TIER_DIR + "/" + name + "/nodelist"));
        readInto(files, sysRoot, MemoryTieringParser.DEMOTION);
        forEachChild(sysRoot.resolve(MemoryTieringParser.WEIGHT_DIR), "node\\d+",
                name -> readInto(files, sysRoot, MemoryTieringParser.WEIGHT_DIR + "/" + name));
        return files;
    }

    private static void forEachChild(Path dir, String regex, java.util.function.Consumer<String> action) {
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.matches(regex)).sorted().forEach(action);
        } catch (NoSuchFileException e) {
            // The kernel predates the feature (or it is configured out): nothing to read.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void readInto(Map<String, String> files, Path root, String name) {
        Path p = root.resolve(name);
        try {
            files.put(name, Files.readString(p, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            // Optional: the parser treats a missing file as a missing feature.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}

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
import org.panuma.spi.NodeSet;
import org.panuma.spi.Topology;

/** Reads the files {@link SysfsTopologyParser} needs from a sysfs node directory. */
public final class SysfsTopologyReader {
    public static final Path NODE_DIR = Path.of("/sys/devices/system/node");
    public static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

    private SysfsTopologyReader() {
    }

    /** The running host's topology; {@code memsAllowed} are the caller's allowed nodes (its cpuset's mems). */
    public static Topology readHost(NodeSet memsAllowed) {
        return SysfsTopologyParser.parse(readNodeDir(NODE_DIR), kernelRelease(), memsAllowed);
    }

    /** The release the kernel reports ({@code uname -r}). */
    public static String kernelRelease() {
        try {
            return Files.readString(OSRELEASE, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return System.getProperty("os.version", "unknown");
        }
    }

    /** Every file the parser reads, keyed by its path below {@code nodeDir}. */
    public static Map<String, String> readNodeDir(Path nodeDir) {
        Map<String, String> files = new HashMap<>();
        for (String name : new String[] {"possible", "online", "has_memory", "has_cpu"}) {
            readInto(files, nodeDir, name);
        }
        try (Stream<Path> entries = Files.list(nodeDir)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(SysfsTopologyReader::isNodeDirectory)
                    .forEach(n -> {
                        readInto(files, nodeDir, n + "/cpulist");
                        readInto(files, nodeDir, n + "/meminfo");
                        readInto(files, nodeDir, n + "/distance");
                    });
        } catch (NoSuchFileException e) {
            // A kernel without NUMA support has no node directory: one node 0 holds everything.
            files.putIfAbsent("online", "0");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nodeDir, e);
        }
        return files;
    }

    /** "node" and a number ("node0", "node12"), without a regex: this runs at every start. */
    static boolean isNodeDirectory(String name) {
        if (!name.startsWith("node") || name.length() == 4) {
            return false;
        }
        for (int i = 4; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static void readInto(Map<String, String> files, Path dir, String name) {
        Path p = dir.resolve(name);
        try {
            files.put(name, Files.readString(p, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            // Optional file (has_cpu on old kernels, distance on some): the parser decides.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}

package org.panuma.os;

import org.panuma.spi.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroups a process belongs to, from {@code /proc/PID/cgroup}: lines
 * {@code hierarchy-ID:controller-list:path}; the unified (v2) hierarchy is {@code 0::path}.
 *
 * @param paths the path of each line, in the file's order
 * @param label the path that names the process's container or service: the unified one, or on
 *              a v1 or hybrid host (where the unified line is "0::/" for everything) the memory
 *              controller's, else systemd's
 */
public record ProcCgroups(List<String> paths, String label) {
    public ProcCgroups {
        paths = List.copyOf(paths);
    }

    /** Parses the file's text. Pure function. */
    public static ProcCgroups parse(String text) {
        List<String> paths = new ArrayList<>();
        String unified = "";
        String memory = "";
        String named = "";
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                throw new IllegalArgumentException("line " + lineNo + " of a cgroup file is not"
                        + " 'id:controllers:path': " + Printable.quote(line));
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            paths.add(path);
            if (line.startsWith("0::")) {
                unified = path;
            } else if (List.of(controllers.split(",")).contains("memory")) {
                memory = path;
            } else if (controllers.startsWith("name=systemd")) {
                named = path;
            }
        }
        String label = !unified.isEmpty() && !unified.equals("/") ? unified
                : !memory.isEmpty() ? memory : !named.isEmpty() ? named : unified;
        return new ProcCgroups(paths, label);
    }

    /**
     * True when one of the process's cgroups is {@code cgroup} or lies below it. {@code cgroup}
     * is a path inside a hierarchy ({@code /kubepods.slice/...}) or a directory under
     * {@code /sys/fs/cgroup} (a v1 controller's directory name is dropped with it).
     */
    public boolean isWithin(String cgroup) {
        String want = hierarchyPath(cgroup);
        for (String p : paths) {
            if (want.equals("/") || p.equals(want) || p.startsWith(want + "/")) {
                return true;
            }
        }
        return false;
    }

    /** {@code /sys/fs/cgroup/memory/a/b} and {@code /sys/fs/cgroup/a/b} → {@code /a/b}. */
    static String hierarchyPath(String cgroup) {
        String p = cgroup.strip();
        String mount = "/sys/fs/cgroup";
        if (p.equals(mount)) {
            return "/";
        }
        if (p.startsWith(mount + "/")) {
            p = p.substring(mount.length());
            String first = p.substring(1, p.indexOf('/', 1) < 0 ? p.length() : p.indexOf('/', 1));
            if (V1_CONTROLLERS.contains(first)) {
                p = p.substring(1 + first.length());
            }
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "/" : p;
    }

    private static final List<String> V1_CONTROLLERS = List.of("memory", "cpu", "cpuacct", "cpu,cpuacct",
            "cpuset", "blkio", "pids", "devices", "freezer", "net_cls", "net_prio", "net_cls,net_prio",
            "perf_event", "hugetlb", "rdma", "misc", "systemd", "unified");
}

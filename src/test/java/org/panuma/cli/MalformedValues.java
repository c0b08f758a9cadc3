package org.panuma.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Malformed values for every option and parameter of the panuma commands, by kind (pids and
 * patterns, node lists, ranges, addresses, sizes, rates, counts, paths, names), and the valid
 * base command each is spliced into, so that the value is the only thing wrong.
 */
final class MalformedValues {
    static final Set<Integer> USAGE = Set.of(ExitCodes.USAGE);
    /** A pattern that matches no process is "no such process", not a usage error. */
    static final Set<Integer> USAGE_OR_NO_PROCESS = Set.of(ExitCodes.USAGE, ExitCodes.NO_SUCH_PROCESS);

    /**
     * One malformed value.
     *
     * @param value the value as typed
     * @param codes the acceptable exit codes
     * @param named what the error message must contain
     */
    record Case(String value, Set<Integer> codes, String named) {
    }

    private final Path dir;
    private final String pid;
    private final Map<String, List<Case>> cases = new LinkedHashMap<>();

    MalformedValues(Path dir, String pid) throws IOException {
        this.dir = dir;
        this.pid = pid;
        List<Case> pids = pids();
        for (String cmd : List.of("where", "move", "migrate", "policy")) {
            cases.put(cmd + " PID|PATTERN", pids);
        }
        List<Case> nodes = values("0-", "1-0", "x", "7", "-1", "0,,1", "!0", "+3", "0x1", "99999999999", "0-1048577",
                "\u0661", "0 1", "", " ");
        cases.put("move --to", withNamed(concat(nodes, values("0-1", "all,0")), "--to"));
        cases.put("move --from", withNamed(nodes, "--from"));
        cases.put("migrate FROM", withNamed(nodes, "FROM"));
        cases.put("migrate TO", withNamed(nodes, "TO"));
        for (String cmd : List.of("where", "move")) {
            cases.put(cmd + " --range", withNamed(values("zz", "0x10-0x5", "-", "0x1-", "-0x1", "0x-0x10", "1-2-3",
                    "0x1-0x10000000000000000", "ffffffffffffffff-ffffffffffffffff", "0x1000-0x1000", "\u0000", ""),
                    "--range"));
            cases.put(cmd + " --addresses", withNamed(values(",", "0x1,,0x2", "0xnope", "-1", "0x10000000000000000",
                    "0x", "g", "0x1 0x2", ""), "--addresses"));
            cases.put(cmd + " --region", withNamed(values("heep", "vdso", "HEAP!", "", " "), "--region"));
        }
        cases.put("move --batch", withNamed(values("0", "-1", "x", "2147483648", "1.5", ""), "--batch"));
        cases.put("move --threads", withNamed(values("0", "-1", "x", "2147483648", ""), "--threads"));
        cases.put("move --rate", withNamed(values("0", "-5", "NaN", "x", "", "-Infinity", "1e-300", "0.0000000001"),
                "--rate"));
        for (String cmd : List.of("nodes", "where", "move", "migrate", "policy")) {
            cases.put(cmd + " --backend", withNamed(values("banana", "../../etc", "ffm;jna", "", " "), "--backend"));
            cases.put(cmd + " --json", values("banana"));
            cases.put(cmd + " --debug", values("maybe"));
        }
        cases.put("move --move-all", values("yes please"));
        cases.put("move --per-page", values("x"));
        cases.put("move --no-progress", values("x"));
        cases.put("move --dry-run", values("later"));
        cases.put("move --verify", values("twice"));
        cases.put("where --all-regions", values("2"));
        cases.put("where --regions", values("2"));
        cases.put("where --jvm", values("x"));
        cases.put("where --pages", values("x"));
        cases.put("where --bytes", values("x"));
        cases.put("stat --meminfo", values("x"));
        cases.put("stat --backend", withNamed(values("banana", "../../etc", "ffm;jna", "", " "), "--backend"));
        cases.put("stat --json", values("banana"));
        cases.put("stat --debug", values("maybe"));
        cases.put("where --folios", values("2"));
        for (String option : List.of("--svg", "--html")) {
            cases.put("where " + option, paths(option));
        }
        cases.put("simulate FILE", scenarioFiles());
        cases.put("simulate --profile", withNamed(values("v9", "../x", "v6", "", "v6.1x"), "--profile"));
        cases.put("simulate --all-profiles", values("x"));
        cases.put("simulate --json", values("banana"));
        // simulate runs the engine alone: a native backend is refused by name too.
        cases.put("simulate --backend", withNamed(values("banana", "", "ffm;jna", "ffm", "jna"), "--backend"));
        cases.put("simulate --debug", values("maybe"));
        for (String option : List.of("--membind", "--interleave", "--preferred-many", "--weighted-interleave",
                "--cpunodebind")) {
            cases.put("run " + option, withNamed(nodes, option));
        }
        cases.put("run --preferred", withNamed(concat(nodes, values("0-1", "all,0")), "--preferred"));
        cases.put("run --physcpubind", withNamed(values("x", "99999", "-1", "0-", "1-0", "0,,1", "", " ",
                "99999999999"), "--physcpubind"));
        cases.put("run --localalloc", values("x"));
        cases.put("run --backend", withNamed(values("banana", "../../etc", "ffm;jna", "", " "), "--backend"));
        cases.put("run --json", values("banana"));
        cases.put("run --debug", values("maybe"));
        Set<Integer> notFound = Set.of(ExitCodes.COMMAND_NOT_FOUND);
        cases.put("run CMD ARGS", List.of(new Case("", notFound, "command not found"),
                new Case(dir.resolve("no-such-program").toString(), notFound, "no-such-program"),
                new Case("no-such-program-4c1e", notFound, "no-such-program-4c1e")));
        cases.put("demo --mode", withNamed(values("banana", "", "realx"), "--mode"));
        cases.put("demo --mib", withNamed(values("0", "-1", "65537", "x", "", "9999999999"), "--mib"));
        cases.put("demo --backend", withNamed(values("banana", "", "sim;ffm"), "--backend"));
        cases.put("demo --debug", values("maybe"));
        cases.put("demo --json", values("banana"));
        // Each must fail before the exporter starts serving (a value taken as valid would serve forever).
        cases.put("exporter --listen", withNamed(values("nohost", "127.0.0.1", "127.0.0.1:65536", "127.0.0.1:x",
                ":9464", "::1:9464", "127.0.0.1:", "127.0.0.1:-1", "", " "), "--listen"));
        cases.put("exporter --pid", withNamed(values("0", "-1", "x", "2147483648", "1.5", ""), "--pid"));
        cases.put("exporter --pattern", withNamed(values("", " "), "--pattern"));
        cases.put("exporter --all", values("yes"));
        cases.put("exporter --max-processes", withNamed(values("0", "-1", "x", "2147483648", ""), "--max-processes"));
        cases.put("exporter --cgroup", withNamed(values("", " "), "--cgroup"));
        cases.put("exporter --min-rss", withNamed(values("12X", "-1", "x", "1.5G", "99999999999999999T", ""),
                "--min-rss"));
        cases.put("exporter --min-age", withNamed(values("-1", "x", "1e3", "NaN", ""), "--min-age"));
        cases.put("exporter --scrape-timeout", withNamed(values("0", "0.0", "-1", "x", ""), "--scrape-timeout"));
        cases.put("exporter --backend", withNamed(values("banana", "", "sim;ffm"), "--backend"));
        cases.put("exporter --json", values("banana"));
        cases.put("exporter --debug", values("maybe"));
    }

    /** "move --to", "where PID|PATTERN": how the tables above name an argument. */
    static String key(String command, ArgSpec a) {
        if (a instanceof OptionSpec o) {
            return command + " " + o.longestName();
        }
        return command + " " + ((PositionalParamSpec) a).paramLabel();
    }

    List<Case> forArg(String key) {
        return cases.getOrDefault(key, List.of());
    }

    /** A valid command line for {@code command}, which the values are spliced into. */
    List<String> base(String command) {
        return switch (command) {
            case "nodes" -> List.of("nodes");
            case "stat" -> List.of("stat");
            case "where", "policy" -> List.of(command, pid);
            case "move" -> List.of("move", pid, "--to", "0", "--no-progress");
            case "migrate" -> List.of("migrate", pid, "0", "0");
            case "simulate" -> List.of("simulate", scenario().toString());
            case "demo" -> List.of("demo", "--mode", "sim", "--mib", "1");
            // A program that is not there: a value that slipped through would fail with 127, never exec.
            case "run" -> List.of("run", "--localalloc", "--", dir.resolve("never-run").toString());
            case "exporter" -> List.of("exporter", "--pid", pid, "--listen", "127.0.0.1:0");
            default -> throw new IllegalArgumentException("no base command for " + command);
        };
    }

    Path scenario() {
        return Paths.get("examples", "scenarios", "busy-page.json").toAbsolutePath();
    }

    /** The base command with {@code a} given {@code value} (an option as --name=value, replacing a default). */
    List<String> commandWith(String command, ArgSpec a, String value) {
        List<String> argv = new ArrayList<>(base(command));
        if (a instanceof OptionSpec o) {
            int at = argv.indexOf(o.longestName());
            if (at >= 0) {
                argv.remove(at);
                if (o.arity().max() > 0) {
                    argv.remove(at);
                }
            }
            // Options go before a "--" (after it, everything is the command).
            int end = argv.indexOf("--");
            argv.add(end >= 0 ? end : argv.size(), o.longestName() + "=" + value);
        } else {
            int index = ((PositionalParamSpec) a).index().min() + 1;
            if (index < argv.size() && !argv.get(index).startsWith("--")) {
                argv.set(index, value);
            } else {
                argv.add(index, value);
            }
        }
        return argv;
    }

    static String show(String value) {
        return "'" + value.replace("\u0000", "\\0") + "'";
    }

    private List<Case> pids() {
        List<Case> l = new ArrayList<>();
        for (String bad : List.of("0", "00", "99999999999", "2147483648", "-1")) {
            l.add(new Case(bad, USAGE, bad));
        }
        // picocli takes it for an unknown option and reports the missing parameter.
        l.add(new Case("--5", USAGE, "PID|PATTERN"));
        l.add(new Case("", USAGE, "PID|PATTERN"));
        l.add(new Case(" ", USAGE, "PID|PATTERN"));
        // Patterns: matched against command lines; nothing has these.
        for (String pattern : List.of("no-such-program-4c1e\u0001", "\u0000", "1.5", "\u0661\u0662", "\uff11\uff12",
                "@/etc/passwd", "$(reboot)", "%s%n%x")) {
            l.add(new Case(pattern, USAGE_OR_NO_PROCESS, pattern));
        }
        return l;
    }

    private List<Case> paths(String option) {
        try {
            Path symlink = dir.resolve("link-" + option.substring(2) + ".svg");
            Files.deleteIfExists(symlink);
            Files.createSymbolicLink(symlink, dir.resolve("victim-" + option.substring(2)));
            List<Case> l = new ArrayList<>();
            l.add(new Case(dir.resolve("no-such-dir").resolve("map.svg").toString(), USAGE, "no-such-dir"));
            l.add(new Case(dir.toString(), USAGE, dir.toString()));
            l.add(new Case("", USAGE, option));
            l.add(new Case("/proc/self/status", USAGE, "/proc/self/status"));
            l.add(new Case(symlink.toString(), USAGE, symlink.toString()));
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Case> scenarioFiles() throws IOException {
        List<Case> l = new ArrayList<>();
        l.add(new Case(dir.resolve("no-such.json").toString(), USAGE, "no-such.json"));
        l.add(new Case(dir.toString(), USAGE, dir.toString()));
        l.add(new Case("", USAGE, "''"));
        l.add(new Case("/dev/null", USAGE, "/dev/null"));
        l.add(new Case("/dev/zero", USAGE, "/dev/zero"));
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"name\": [1, 2,, }}");
        l.add(new Case(garbage.toString(), USAGE, "garbage.json"));
        Path deep = Files.writeString(dir.resolve("deep.json"), "[".repeat(100_000));
        l.add(new Case(deep.toString(), USAGE, "deep.json"));
        String real = Files.readString(scenario());
        Path negative = Files.writeString(dir.resolve("negative.json"), real.replace("\"pages\": 16", "\"pages\": -16"));
        l.add(new Case(negative.toString(), USAGE, "negative.json"));
        return l;
    }

    private static List<Case> values(String... bad) {
        List<Case> l = new ArrayList<>();
        for (String b : bad) {
            l.add(new Case(b, USAGE, b.strip().isEmpty() ? "" : b.strip()));
        }
        return l;
    }

    /** Blank values cannot be named: the message must name the option instead. */
    private static List<Case> withNamed(List<Case> cases, String option) {
        return cases.stream().map(c -> c.named().isEmpty() ? new Case(c.value(), c.codes(), option) : c).toList();
    }

    private static List<Case> concat(List<Case> a, List<Case> b) {
        List<Case> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}

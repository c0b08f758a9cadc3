package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class of engine.migrate that models kernel code says where that code is: the seeds by
 * line ({@link SeedCitationsTest} checks those lines), the modern profiles by kernel file and
 * function, {@code [v6.1 mm/migrate.c do_pages_move]}. Where a kernel tree is at hand
 * ({@code -Dpanuma.kernel.src.v6.1=DIR}, {@code -Dpanuma.kernel.src.v6.12=DIR}: an unpacked
 * linux-source of that series) every cited function must be defined in the cited file; without
 * one that check is skipped and says so.
 */
class KernelCitationsTest {
    static final Pattern MODERN = Pattern.compile("\\[(v6\\.1|v6\\.12) ((?:mm|kernel|include/linux)/[a-z_/]+\\.[ch]) ([A-Za-z_][A-Za-z0-9_]*)\\]");
    static final Path MIGRATE = Paths.get("src/main/java/org/panuma/engine/migrate");
    /** Plumbing that models no kernel function: a dispatcher, argument and result holders, errno constants. */
    static final Set<String> PLUMBING = Set.of("MigrationTarget", "MovePages", "MovePagesArgs", "Rc", "SyscallResult");
    /** Run only under the seed profiles (no modern citation expected). */
    static final Set<String> SEED_ONLY = Set.of("SysMovePagesSeed", "MigrateVmas");
    /**
     * Run only under the modern profiles, or model code the seeds (mm/migrate.c alone) do not contain:
     * migrate_pages(2) and mbind live in mm/mempolicy.c.
     */
    static final Set<String> NOT_IN_THE_SEEDS = Set.of("KernelMovePages", "DoPagesMove", "DoPagesStat", "AddPageForMigration",
            "NrIsolated", "QueuePages", "KernelMigratePages");

    private static Map<String, String> sources() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(MIGRATE)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".java")).toList()) {
                out.put(p.getFileName().toString().replace(".java", ""), Files.readString(p));
            }
        }
        return out;
    }

    @Test
    void everyModellingClass_citesTheSeedsByLine_andTheModernKernelsByFileAndFunction() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : sources().entrySet()) {
            String name = e.getKey();
            if (PLUMBING.contains(name)) {
                continue;
            }
            boolean seed = SeedCitationsTest.CITATION.matcher(e.getValue()).find();
            boolean modern = MODERN.matcher(e.getValue()).find();
            if (!NOT_IN_THE_SEEDS.contains(name) && !seed) {
                missing.add(name + ": no seed line cited");
            }
            if (!SEED_ONLY.contains(name) && !modern) {
                missing.add(name + ": no modern kernel file and function cited");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void modernCitations_nameAFunctionTheCitedFileDefines() throws IOException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        int total = 0;
        for (Map.Entry<String, String> e : sources().entrySet()) {
            Matcher m = MODERN.matcher(e.getValue());
            while (m.find()) {
                total++;
                String dir = System.getProperty("panuma.kernel.src." + m.group(1));
                if (dir == null) {
                    continue;
                }
                Path file = Paths.get(dir, m.group(2));
                if (!Files.isRegularFile(file)) {
                    wrong.add(e.getKey() + " " + m.group() + ": no such file in " + dir);
                    continue;
                }
                checked++;
                Pattern definition = Pattern.compile("^(?:[A-Za-z_].*\\b)?" + Pattern.quote(m.group(3)) + "\\(", Pattern.MULTILINE);
                if (!definition.matcher(Files.readString(file)).find()) {
                    wrong.add(e.getKey() + " " + m.group() + ": " + m.group(2) + " defines no " + m.group(3));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(total >= 50, "only " + total + " modern citations");
        assumeTrue(checked > 0, total + " modern citations, none checked against a source tree: pass"
                + " -Dpanuma.kernel.src.v6.1=DIR and -Dpanuma.kernel.src.v6.12=DIR (unpacked linux-source) to check them");
    }
}

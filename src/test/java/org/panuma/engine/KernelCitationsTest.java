package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class of engine.migrate that models kernel code says where that code is: the seeds by
 * line ({@link SeedCitationsTest} checks the lines), the modern profiles by version, file and
 * function ({@link ModernCitationsTest} checks those against kernel-functions.txt). A function in
 * a file that list does not cover (mm/vmscan.c, mm/hugetlb.c, mm/pagewalk.c, kernel/ptrace.c) is
 * named in words on the class's "Kernel sources:" line, e.g. "mm/vmscan.c folio_isolate_lru (6.1, 6.12)".
 */
class KernelCitationsTest {
    static final Path MIGRATE = Paths.get("src/main/java/org/panuma/engine/migrate");
    /** A modern source named in words, outside kernel-functions.txt's files. */
    static final Pattern IN_WORDS = Pattern.compile("Kernel sources:.*\\b(?:mm|kernel|include/linux)/[a-z_/]+\\.[ch] [A-Za-z_]\\w* \\(");
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

    @Test
    void everyModellingClass_citesTheSeedsByLine_andTheModernKernelsByFileAndFunction() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> s = Files.list(MIGRATE)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".java")).toList()) {
                sources.put(p.getFileName().toString().replace(".java", ""), Files.readString(p));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String name = e.getKey();
            if (PLUMBING.contains(name)) {
                continue;
            }
            boolean seed = SeedCitationsTest.CITATION.matcher(e.getValue()).find();
            boolean modern = ModernCitationsTest.CITATION.matcher(e.getValue()).find() || IN_WORDS.matcher(e.getValue()).find();
            if (!NOT_IN_THE_SEEDS.contains(name) && !seed) {
                missing.add(name + ": no seed line cited");
            }
            if (!SEED_ONLY.contains(name) && !modern) {
                missing.add(name + ": no modern kernel file and function cited");
            }
        }
        assertEquals(List.of(), missing);
    }
}

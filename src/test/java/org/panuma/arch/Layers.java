package org.panuma.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Set;

/**
 * The picture of DESIGN.md "Layers", as one ArchUnit rule, and the package-cycle rule beside it.
 *
 * <pre>
 * cli  ──► api ──► spi ◄── backend.ffm / backend.jna
 *  │  └─► exporter ─┘ ▲
 *  │       │         └──── backend.sim ──► engine
 *  └───────┴─────────────────────────────► engine (pure Java, no I/O)
 * os: /proc and /sys, read for the api and the backends
 * </pre>
 *
 * The value types of spi ({@link #VOCABULARY}) are the words every layer may use; the rest of spi
 * (the system-call surface and the choice of backend) is for the api and the backends only.
 */
final class Layers {
    /** spi's shared value types: every layer, engine and os included, may name them. */
    static final Set<String> VOCABULARY = Set.of("NodeSet", "CpuSet", "IdSet", "Topology", "Errno", "Mpol",
            "Mempolicy", "RegionKind", "NodeStats", "JvmRegion", "CpuAndNode", "ProcessInfo", "NoSuchProcessException",
            "AmbiguousProcessException", "SyscallException", "Availability", "BackendUnavailableException",
            "Printable", "IdListParser", "KernelRelease", "JvmUnreachableException");

    private Layers() {
    }

    static final DescribedPredicate<JavaClass> SPI_VOCABULARY = DescribedPredicate.describe("spi's value types",
            c -> c.getPackageName().equals("org.panuma.spi") && VOCABULARY.contains(topLevel(c)));

    static final DescribedPredicate<JavaClass> SYSCALLS = DescribedPredicate.describe(
            "spi's system calls and backend choice", c -> c.getPackageName().equals("org.panuma.spi")
                    && !VOCABULARY.contains(topLevel(c)));

    /** The one class of the CLI that loads the exporter (and with it the Prometheus client). */
    static final DescribedPredicate<JavaClass> EXPORTER_LAUNCHER = DescribedPredicate.describe(
            "cli.ExporterLauncher", c -> c.getPackageName().equals("org.panuma.cli")
                    && topLevel(c).equals("ExporterLauncher"));

    static final DescribedPredicate<JavaClass> CLI = DescribedPredicate.describe("cli..",
            c -> (c.getPackageName().equals("org.panuma.cli") || c.getPackageName().startsWith("org.panuma.cli."))
                    && !EXPORTER_LAUNCHER.test(c));

    /**
     * What the CLI still uses of os, named one by one: pure text functions that read nothing
     * (the kernel's id-list syntax, uname -r's parse, numa_maps' and the
     * memory tiers' values) and the exception {@code JvmRegions.of} throws.
     */
    static final Set<String> CLI_OS_PURE = Set.of("org.panuma.os.NumaMapsEntry",
            "org.panuma.os.MemoryTiering", "org.panuma.os.MemoryTiering$Tier", "org.panuma.os.MemoryTiering$Demotion");

    /**
     * The two commands that still read /proc and /sys through os themselves, a known debt against
     * "the CLI calls nothing below the api": `policy` (numa_maps) and `nodes` (memory tiers and
     * NUMA balancing). Only these classes, only these readers.
     */
    static final Set<String> CLI_STILL_READING = Set.of("org.panuma.cli.PolicyCommand", "org.panuma.cli.NodesCommand");
    static final Set<String> OS_READERS_THEY_USE = Set.of("org.panuma.os.ProcFs", "org.panuma.os.MemoryTieringReader",
            "org.panuma.os.NumaBalancing");

    private static DescribedPredicate<JavaClass> named(Set<String> names, String description) {
        return DescribedPredicate.describe(description, c -> names.contains(c.getName()));
    }

    static LayeredArchitecture rule() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Cli").definedBy(CLI)
                .layer("ExporterLauncher").definedBy(EXPORTER_LAUNCHER)
                .layer("Exporter").definedBy("org.panuma.exporter..")
                .layer("Api").definedBy("org.panuma.api..")
                .layer("Engine").definedBy("org.panuma.engine..")
                .layer("Os").definedBy("org.panuma.os..")
                .layer("Syscalls").definedBy(SYSCALLS)
                .layer("Vocabulary").definedBy(SPI_VOCABULARY)
                .layer("Backends").definedBy("org.panuma.backend..")
                .whereLayer("Cli").mayOnlyBeAccessedByLayers("ExporterLauncher")
                .whereLayer("ExporterLauncher").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Exporter").mayOnlyBeAccessedByLayers("ExporterLauncher")
                .whereLayer("Api").mayOnlyBeAccessedByLayers("Cli", "ExporterLauncher", "Exporter")
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("Cli", "Api", "Backends")
                .whereLayer("Os").mayOnlyBeAccessedByLayers("Api", "Backends")
                .whereLayer("Syscalls").mayOnlyBeAccessedByLayers("Api", "Backends")
                .whereLayer("Vocabulary").mayOnlyAccessLayers("Vocabulary")
                .whereLayer("Backends").mayNotBeAccessedByAnyLayer()
                .ignoreDependency(CLI, named(CLI_OS_PURE, "os's pure values and functions " + CLI_OS_PURE))
                .ignoreDependency(DescribedPredicate.describe("" + CLI_STILL_READING + " and their nested classes",
                        c -> CLI_STILL_READING.contains(c.getPackageName() + "." + topLevel(c))),
                        named(OS_READERS_THEY_USE, "" + OS_READERS_THEY_USE));
    }

    /** No two top-level packages (api, cli, engine, os, spi, backend, exporter) depend on each other. */
    static ArchRule noPackageCycles() {
        return slices().matching("org.panuma.(*)..").should().beFreeOfCycles();
    }

    /** The class's own name without its package and without any nested part ("Topology" for Topology$Node). */
    static String topLevel(JavaClass c) {
        c = c.getBaseComponentType(); // Errno[] is Errno
        String simple = c.getName().substring(c.getPackageName().length() + 1);
        int nested = simple.indexOf('$');
        return nested < 0 ? simple : simple.substring(0, nested);
    }
}

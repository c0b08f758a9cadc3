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
 * (the system-call surface, {@code spi.memory} and the choice of backend) is for the api and the
 * backends only. The CLI renders what the api returns: it reads no /proc or /sys file and makes
 * no system call of its own.
 */
final class Layers {
    /** spi's shared value types: every layer, engine and os included, may name them. */
    static final Set<String> VOCABULARY = Set.of(
            // ids, machines, processes and policies
            "IdSet", "NodeSet", "CpuSet", "Topology", "NodeStats", "CpuAndNode", "MemoryTiering", "NumaBalancing",
            "ProcessInfo", "RegionKind", "JvmRegion", "Mpol", "Mempolicy", "Errno", "Availability",
            // the kernel's text formats, and untrusted text made safe to print (pure functions)
            "IdListParser", "KernelRelease", "Printable",
            // what any layer may throw or catch
            "SyscallException", "NoSuchProcessException", "AmbiguousProcessException", "JvmUnreachableException",
            "BackendUnavailableException");

    private Layers() {
    }

    static final DescribedPredicate<JavaClass> SPI_VOCABULARY = DescribedPredicate.describe("spi's value types",
            c -> c.getPackageName().equals("org.panuma.spi") && VOCABULARY.contains(topLevel(c)));

    static final DescribedPredicate<JavaClass> SYSCALLS = DescribedPredicate.describe(
            "spi's system calls, mapped memory and backend choice",
            c -> (c.getPackageName().equals("org.panuma.spi") || c.getPackageName().startsWith("org.panuma.spi."))
                    && !SPI_VOCABULARY.test(c));

    /** The one class of the CLI that loads the exporter (and with it the Prometheus client). */
    static final DescribedPredicate<JavaClass> EXPORTER_LAUNCHER = DescribedPredicate.describe(
            "cli.ExporterLauncher", c -> c.getPackageName().equals("org.panuma.cli")
                    && topLevel(c).equals("ExporterLauncher"));

    static final DescribedPredicate<JavaClass> CLI = DescribedPredicate.describe("cli..",
            c -> (c.getPackageName().equals("org.panuma.cli") || c.getPackageName().startsWith("org.panuma.cli."))
                    && !EXPORTER_LAUNCHER.test(c));

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
                .whereLayer("Backends").mayNotBeAccessedByAnyLayer();
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

package org.panuma.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Beside the layers ({@link LayersTest}): each library stays in the one package that needs it, and
 * the engine stays pure (no I/O, no clock, no file format).
 */
class ContainmentTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    /**
     * The FFM backend calls native code; org.panuma.api.foreign (Java 23+) only speaks the FFM
     * API's types to its users (a node-bound Arena of MemorySegments) and reaches memory through
     * the spi like the rest of the api: it links nothing.
     */
    @Test
    void onlyTheFfmBackendAndTheJava22ApiUseTheForeignFunctionApi() {
        noClasses().that().resideOutsideOfPackages("org.panuma.backend.ffm..", "org.panuma.api.foreign..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .check(classes);
        noClasses().that().resideInAPackage("org.panuma.api.foreign..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.foreign.Linker")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.foreign.SymbolLookup")
                .check(classes);
    }

    @Test
    void onlyTheJnaBackendUsesJna() {
        noClasses().that().resideOutsideOfPackages("org.panuma.backend.jna..")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
                .check(classes);
    }

    /** The Prometheus client belongs to the exporter (the layers keep the exporter behind one CLI class). */
    @Test
    void onlyTheExporterUsesThePrometheusClient() {
        noClasses().that().resideOutsideOfPackages("org.panuma.exporter..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .check(classes);
    }

    /** Scenario files are read (Jackson) outside the engine, in cli.scenario. */
    @Test
    void engineKnowsNoJson() {
        noClasses().that().resideInAPackage("org.panuma.engine..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void engineDoesNoIo() {
        noClasses().that().resideInAPackage("org.panuma.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.PrintStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.Reader")
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }

    @Test
    void engineReadsNoClock() {
        noClasses().that().resideInAPackage("org.panuma.engine..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().dependOnClassesThat().resideInAPackage("java.time..")
                .check(classes);
    }
}

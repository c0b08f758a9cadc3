package org.panuma.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, checked on the compiled classes, the Java 23+ ones under
 * META-INF/versions/23 included.
 */
class LayersTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    /**
     * The FFM backend calls native code; org.panuma.api.foreign (Java 23+) only speaks the FFM
     * API's types to its users (a node-bound Arena of MemorySegments) and reaches memory through
     * the spi like the rest of the api.
     */
    @Test
    void onlyTheFfmBackendAndTheJava22ApiUseTheForeignFunctionApi() {
        noClasses().that().resideOutsideOfPackages("org.panuma.backend.ffm..", "org.panuma.api.foreign..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .check(classes);
    }

    @Test
    void theJava22ApiMakesNoDowncalls() {
        noClasses().that().resideInAPackage("org.panuma.api.foreign..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.foreign.Linker")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.foreign.SymbolLookup")
                .orShould().dependOnClassesThat().resideInAPackage("org.panuma.backend..")
                .check(classes);
    }

    @Test
    void onlyTheJnaBackendUsesJna() {
        noClasses().that().resideOutsideOfPackages("org.panuma.backend.jna..")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
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

    @Test
    void engineStandsAlone() {
        noClasses().that().resideInAPackage("org.panuma.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.panuma.api..", "org.panuma.cli..",
                        "org.panuma.backend..", "org.panuma.os..")
                .check(classes);
    }

    @Test
    void cliTalksToTheApiNotToBackends() {
        noClasses().that().resideInAPackage("org.panuma.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.panuma.backend..")
                .check(classes);
    }

    @Test
    void spiDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("org.panuma.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("org.panuma.api..", "org.panuma.cli..",
                        "org.panuma.backend..", "org.panuma.engine..", "org.panuma.os..")
                .check(classes);
    }

    @Test
    void apiDoesNotReachIntoBackendsOrCli() {
        noClasses().that().resideInAPackage("org.panuma.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.panuma.backend..", "org.panuma.cli..")
                .check(classes);
    }

    @Test
    void osParsersStayBelowTheApi() {
        noClasses().that().resideInAPackage("org.panuma.os..")
                .should().dependOnClassesThat().resideInAnyPackage("org.panuma.api..", "org.panuma.cli..",
                        "org.panuma.backend..")
                .check(classes);
    }

    /**
     * The Prometheus client belongs to the exporter; the exporter reads processes and nodes
     * through the api (os value types allowed), calls no backend and no engine, and the CLI
     * reaches it from one class only, which `panuma exporter` alone loads (start-up of the
     * other commands is unchanged).
     */
    @Test
    void onlyTheExporterUsesThePrometheusClient() {
        noClasses().that().resideOutsideOfPackages("org.panuma.exporter..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .check(classes);
    }

    @Test
    void exporterStandsOnTheApi() {
        noClasses().that().resideInAPackage("org.panuma.exporter..")
                .should().dependOnClassesThat().resideInAnyPackage("org.panuma.cli..", "org.panuma.backend..",
                        "org.panuma.engine..")
                .check(classes);
    }

    @Test
    void onlyTheExporterLauncherOfTheCliReachesTheExporter() {
        noClasses().that().resideInAPackage("org.panuma.cli..")
                .and().doNotHaveFullyQualifiedName("org.panuma.cli.ExporterLauncher")
                .should().dependOnClassesThat().resideInAPackage("org.panuma.exporter..")
                .check(classes);
    }

    @Test
    void nothingBelowTheCliReachesTheExporter() {
        noClasses().that().resideInAnyPackage("org.panuma.api..", "org.panuma.spi..", "org.panuma.os..",
                        "org.panuma.engine..", "org.panuma.backend..")
                .should().dependOnClassesThat().resideInAPackage("org.panuma.exporter..")
                .check(classes);
    }
}

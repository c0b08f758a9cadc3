package org.panuma.arch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, checked on the compiled classes (the Java 23+ ones under
 * META-INF/versions/23 included): one layered-architecture rule ({@link Layers#rule()}) and one
 * package-cycle rule. Each is also run on planted violations (test-scope classes in the layers'
 * packages), so that neither can pass for want of classes or of a layer that matches.
 */
class LayersTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    @Test
    void everyLayerUsesOnlyWhatThePictureAllows() {
        Layers.rule().check(main);
    }

    @Test
    void noTwoTopLevelPackagesDependOnEachOther() {
        Layers.noPackageCycles().check(main);
    }

    @Test
    void theLayerRuleCatchesAPlantedViolation() {
        EvaluationResult clean = Layers.rule().evaluate(main);
        assertFalse(clean.hasViolation(), clean.getFailureReport().toString());
        JavaClasses planted = new ClassFileImporter().importPaths(Path.of("target/classes"),
                Path.of("target/test-classes/org/panuma/engine/planted"),
                Path.of("target/test-classes/org/panuma/cli/planted"));
        EvaluationResult r = Layers.rule().evaluate(planted);
        String report = String.join("\n", r.getFailureReport().getDetails());
        assertTrue(report.contains("EngineCallingTheApi") && report.contains("org.panuma.api.Numa"),
                "the engine reaching the api is reported:\n" + report);
        assertTrue(report.contains("CliCallingSyscalls") && report.contains("org.panuma.spi.NumaSyscalls"),
                "the CLI making a system call is reported:\n" + report);
        assertTrue(report.contains("CliCallingSyscalls") && report.contains("org.panuma.os.ProcFs"),
                "the CLI reading /proc is reported:\n" + report);
        assertTrue(report.contains("CliCallingSyscalls") && report.contains("org.panuma.os.MemoryTieringReader"),
                "the CLI reading /sys is reported:\n" + report);
        assertTrue(report.contains("CliCallingSyscalls") && report.contains("org.panuma.os.NumaMapsEntry"),
                "the CLI naming an os value is reported:\n" + report);
        assertTrue(report.contains("CliCallingSyscalls") && report.contains("org.panuma.spi.memory.MappedMemory"),
                "the CLI naming spi's mapped memory is reported:\n" + report);
        assertFalse(report.contains("VocabularyEverywhere"),
                "the engine naming spi's vocabulary is not reported:\n" + report);
    }

    @Test
    void theCycleRuleCatchesAPlantedCycle() {
        JavaClasses planted = new ClassFileImporter().importPaths(Path.of("target/classes"),
                Path.of("target/test-classes/org/panuma/engine/planted"),
                Path.of("target/test-classes/org/panuma/os/planted"));
        EvaluationResult r = Layers.noPackageCycles().evaluate(planted);
        String report = String.join("\n", r.getFailureReport().getDetails());
        assertTrue(r.hasViolation() && report.contains("CycleHalf") && report.contains("OtherCycleHalf"),
                "the engine ⇄ os cycle is reported:\n" + report);
    }
}

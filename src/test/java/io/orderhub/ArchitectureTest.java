package io.orderhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rooms of src/main: feature packages without cycles, and nothing of the tests in the product. */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.orderhub");
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.orderhub.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void nothingDependsOnTheApplicationPackage() {
        // the root holds the application and its wiring; it may use every feature, no feature uses it
        noClasses().that().resideOutsideOfPackage("io.orderhub")
                .should().dependOnClassesThat().resideInAPackage("io.orderhub")
                .check(main);
    }

    @Test
    void noMainClassDependsOnASimulatorOrATestHelper() {
        noClasses().should().dependOnClassesThat().haveSimpleNameContaining("Simulator")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Demo")
                .orShould().dependOnClassesThat().resideInAnyPackage("..sim..", "io.orderhub.support..", "io.orderhub.bench..",
                        "org.openjdk.jmh..", "org.junit..", "org.awaitility..")
                .check(main);
    }

    @Test
    void theMainClassesHoldNoSimulator() {
        noClasses().should().haveSimpleNameContaining("Simulator")
                .orShould().haveSimpleNameStartingWith("Demo")
                .orShould().resideInAnyPackage("..sim..", "io.orderhub.bench..")
                .check(main);
    }
}

package io.orderhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.orderhub.intake.OrderIntake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rooms of src/main: feature packages without cycles, nothing of the tests in the product, one door to the intake. */
class ArchitectureTest {

    /**
     * One door in: the intake bean is reached only through direct:canonical-order-intake (its route
     * calls the bean by name), so no main class but the Spring wiring that creates it may know it.
     */
    static final ArchRule NOTHING_CALLS_THE_INTAKE_AROUND_THE_DOOR = noClasses()
            .that().doNotBelongToAnyOf(OrderIntake.class, HubConfiguration.class)
            .should().dependOnClassesThat().belongToAnyOf(OrderIntake.class)
            .because("every order enters through direct:canonical-order-intake (issue 9, one door in)");

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

    @Test
    void onlyTheWiringKnowsTheIntakeBean() {
        NOTHING_CALLS_THE_INTAKE_AROUND_THE_DOOR.check(main);
    }

    @Test
    void theIntakeRuleCatchesASideDoor() {
        JavaClasses withSideDoor = new ClassFileImporter().importClasses(HubConfiguration.class, SideDoor.class);
        assertThatThrownBy(() -> NOTHING_CALLS_THE_INTAKE_AROUND_THE_DOOR.check(withSideDoor))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(SideDoor.class.getName());
    }

    /**
     * What the intake rule is there to refuse: a class that gets the intake bean injected to hand it
     * orders itself (holding it is enough to break the rule; no call, so its signature may change).
     */
    static final class SideDoor {
        private final OrderIntake intake;

        SideDoor(OrderIntake intake) {
            this.intake = intake;
        }

        boolean wired() {
            return intake != null;
        }
    }
}

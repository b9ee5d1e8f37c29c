package io.orderhub.soap.legacycrm;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The legacy CRM the compatibility suite compares the hub with must not be built from the hub: it
 * may use the generated contract types and nothing else of io.orderhub.
 */
class LegacyCrmIndependenceTest {

    @Test
    void theLegacyCrmUsesNothingOfTheHubButTheContractTypes() {
        noClasses().that().resideInAPackage("io.orderhub.soap.legacycrm..")
                .should().dependOnClassesThat(resideInAPackage("io.orderhub..")
                        .and(not(resideInAnyPackage("io.orderhub.soap.contract..", "io.orderhub.soap.legacycrm.."))))
                .check(new ClassFileImporter().importPackages("io.orderhub.soap.legacycrm"));
    }
}

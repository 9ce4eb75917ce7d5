package io.tmsprovisioner;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * What the {@code package-info.java} files say each package may use, checked on the compiled classes: the
 * layout stays the architecture's map only while nothing crosses it unnoticed.
 */
class ArchitectureTest {
    private static final String ROOT = "io.tmsprovisioner";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noTwoPackagesUseEachOther() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theInputTheTapisClientAndThePacingUseNoOtherPackageOfTheProject() {
        for (String leaf : new String[] {"input", "tapis", "pacing"}) {
            classes().that().resideInAPackage(ROOT + "." + leaf)
                    .should().onlyDependOnClassesThat(resideInAPackage(ROOT + "." + leaf)
                            .or(resideOutsideOfPackage(ROOT + "..")))
                    .check(MAIN);
        }
    }

    @Test
    void theRulesArePlainJavaThatKnowsNothingOfTheBatchTheRepositoryOrTheCommandLine() {
        noClasses().that().resideInAPackage(ROOT + ".provisioning..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".batch..", ROOT + ".repository..",
                        ROOT + ".cli..", ROOT + ".report..", ROOT + ".metrics..", ROOT + ".retention..",
                        ROOT + ".simulator..", "org.springframework..")
                .check(MAIN);
    }

    @Test
    void howCallsAreMadeKnowsNothingOfRowsOrRules() {
        noClasses().that().resideInAPackage(ROOT + ".provisioning.calls")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".provisioning", ROOT + ".input")
                .check(MAIN);
    }

    @Test
    void theBatchSubPackagesNeverUseTheJobsWiringAndOwnershipUsesNeitherTheStepNorTheLaunch() {
        noClasses().that().resideInAnyPackage(ROOT + ".batch.step", ROOT + ".batch.launch", ROOT + ".batch.owner")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".batch")
                .check(MAIN);
        noClasses().that().resideInAPackage(ROOT + ".batch.owner")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".batch.step", ROOT + ".batch.launch")
                .check(MAIN);
    }

    @Test
    void theRepositoryUsesNeitherTheBatchNorTheCommandLine() {
        noClasses().that().resideInAPackage(ROOT + ".repository")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".batch..", ROOT + ".cli..",
                        ROOT + ".report..", ROOT + ".metrics..")
                .check(MAIN);
    }

    @Test
    void theCommandLinePackagesUseOnlyThoseBelowThemCommandThenRunThenConfigThenRepository() {
        String[] fromTop = {"cli.command", "cli.run", "cli.config", "cli.repository", "cli"};
        for (int i = 1; i < fromTop.length; i++) {
            for (int above = 0; above < i; above++) {
                noClasses().that().resideInAPackage(ROOT + "." + fromTop[i])
                        .should().dependOnClassesThat().resideInAPackage(ROOT + "." + fromTop[above])
                        .check(MAIN);
            }
        }
    }

    @Test
    void onlyCommandsStartTheSimulatorAndItUsesNothingOfTheClient() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".simulator", ROOT + ".cli.command")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".simulator")
                .check(MAIN);
        // its answers come from Tapis's templates, never from the client's reading of them
        classes().that().resideInAPackage(ROOT + ".simulator")
                .should().onlyDependOnClassesThat(resideInAPackage(ROOT + ".simulator")
                        .or(resideOutsideOfPackage(ROOT + "..")))
                .check(MAIN);
    }
}

package io.foresight;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Keeps the package dependencies pointing one way and the heavy libraries where they belong. */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.foresight");

    @Test
    void tablesawStaysInTheDatasetPackage() {
        noClasses().that().resideOutsideOfPackage("io.foresight.dataset..")
                .should().dependOnClassesThat().resideInAPackage("tech.tablesaw..")
                .check(CLASSES);
    }

    @Test
    void dl4jStaysInTheModelAndTrainingPackages() {
        noClasses().that().resideOutsideOfPackages("io.foresight.model..", "io.foresight.training..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheLoggingConverters() {
        // they are named only in logback-spring.xml
        noClasses().that().resideOutsideOfPackage("io.foresight.logging..")
                .should().dependOnClassesThat().resideInAPackage("io.foresight.logging..")
                .check(CLASSES);
    }

    @Test
    void theRootPackageIsSharedByAllAndDependsOnNone() {
        // ForesightProperties, ForesightException and AtomicFiles are used everywhere; only the wiring knows the packages
        noClasses().that().resideInAPackage("io.foresight")
                .and().doNotHaveSimpleName("CoreConfiguration").and().doNotHaveSimpleName("ForesightApplication")
                .should().dependOnClassesThat().resideInAPackage("io.foresight.(*)..")
                .check(CLASSES);
    }

    @Test
    void theCoreImportsNothingOfSpring() {
        // dataset, window, model and registry are plain Java, usable without Spring (a Spark job); CoreConfiguration wires them
        noClasses().that().resideInAnyPackage("io.foresight.dataset..", "io.foresight.window..", "io.foresight.model..",
                "io.foresight.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "org.apache.catalina..", "org.apache.tomcat..")
                .check(CLASSES);
    }

    @Test
    void theServiceDoesNotKnowItsTools() {
        // the tools (backtest, bench) and the entry point that dispatches to them use the service, not the reverse
        noClasses().that().resideOutsideOfPackages("io.foresight.cli..", "io.foresight.backtest..", "io.foresight.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("io.foresight.cli..", "io.foresight.backtest..",
                        "io.foresight.bench..")
                .check(CLASSES);
    }

    @Test
    void dependenciesPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy("io.foresight.web..")
                .layer("metrics").definedBy("io.foresight.metrics..")
                .layer("training").definedBy("io.foresight.training..")
                .layer("forecast").definedBy("io.foresight.forecast..")
                .layer("registry").definedBy("io.foresight.registry..")
                .layer("model").definedBy("io.foresight.model..")
                .layer("window").definedBy("io.foresight.window..")
                .layer("dataset").definedBy("io.foresight.dataset..")
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("metrics").mayNotBeAccessedByAnyLayer()
                .whereLayer("training").mayOnlyBeAccessedByLayers("web", "metrics")
                .whereLayer("forecast").mayOnlyBeAccessedByLayers("web", "metrics")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("training", "forecast", "web", "metrics")
                .whereLayer("model").mayOnlyBeAccessedByLayers("registry", "training", "forecast", "web", "metrics")
                .whereLayer("window").mayOnlyBeAccessedByLayers("model", "registry", "training", "forecast", "web", "metrics")
                .check(CLASSES);
    }
}

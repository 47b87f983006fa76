package io.foresight;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Keeps the package dependencies pointing one way and the heavy libraries where they belong. */
class ArchitectureTest {

    /** The packages of the core artifact (pom.xml's {@code core} jar). */
    static final String[] CORE = {"io.foresight.dataset..", "io.foresight.window..", "io.foresight.model..",
            "io.foresight.registry..", "io.foresight.training.."};

    /** The one part of those packages the core artifact leaves out: the service's job queue (and its inner classes). */
    static final String JOB_QUEUE = "io\\.foresight\\.training\\.TrainingService.*";

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
        // dataset, window, model, registry and training (all but its job queue, TrainingService) are plain Java: the
        // core artifact (pom.xml, foresight-core.jar) that the Spark job runs without Spring; CoreConfiguration wires them
        noClasses().that().resideInAnyPackage(CORE).and().haveNameNotMatching(JOB_QUEUE)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "org.apache.catalina..", "org.apache.tomcat..", "io.micrometer..")
                .check(CLASSES);
    }

    @Test
    void theObservationStoreImportsNothingOfSpring() {
        // not in the core artifact, but plain Java like it: CoreConfiguration wires it, so a job could use it as well
        noClasses().that().resideInAPackage("io.foresight.observation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "org.apache.catalina..", "org.apache.tomcat..", "io.micrometer..")
                .check(CLASSES);
    }

    @Test
    void theMonitoringPackageIsPlainJavaButItsWiring() {
        // the ledger, its scoring and the drift rule are plain Java; MonitoringConfiguration wires them to the events
        noClasses().that().resideInAPackage("io.foresight.monitoring..")
                .and().haveNameNotMatching("io\\.foresight\\.monitoring\\.MonitoringConfiguration.*")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "org.apache.catalina..", "org.apache.tomcat..", "io.micrometer..")
                .check(CLASSES);
    }

    @Test
    void theCoreDoesNotNeedTheJobQueueOrTheService() {
        // what the core artifact leaves out must not be needed by what it holds
        noClasses().that().resideInAnyPackage(CORE).and().haveNameNotMatching(JOB_QUEUE)
                .should().dependOnClassesThat().haveNameMatching(JOB_QUEUE)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.foresight.web..", "io.foresight.forecast..",
                        "io.foresight.metrics..", "io.foresight.cli..", "io.foresight.backtest..", "io.foresight.bench..",
                        "io.foresight.observation..", "io.foresight.monitoring..")
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
                .layer("monitoring").definedBy("io.foresight.monitoring..")
                .layer("retraining").definedBy("io.foresight.retraining..")
                .layer("training").definedBy("io.foresight.training..")
                .layer("anomaly").definedBy("io.foresight.anomaly..")
                .layer("forecast").definedBy("io.foresight.forecast..")
                .layer("observation").definedBy("io.foresight.observation..")
                .layer("registry").definedBy("io.foresight.registry..")
                .layer("model").definedBy("io.foresight.model..")
                .layer("window").definedBy("io.foresight.window..")
                .layer("dataset").definedBy("io.foresight.dataset..")
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("metrics").mayNotBeAccessedByAnyLayer()
                .whereLayer("monitoring").mayOnlyBeAccessedByLayers("web", "metrics", "retraining")
                .whereLayer("retraining").mayOnlyBeAccessedByLayers("web")
                .whereLayer("training").mayOnlyBeAccessedByLayers("web", "metrics", "retraining")
                .whereLayer("anomaly").mayOnlyBeAccessedByLayers("web", "metrics")
                .whereLayer("forecast").mayOnlyBeAccessedByLayers("web", "metrics", "anomaly", "monitoring")
                .whereLayer("observation").mayOnlyBeAccessedByLayers("web", "forecast", "metrics", "anomaly", "monitoring", "retraining")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("training", "forecast", "observation", "anomaly", "web",
                        "metrics", "monitoring", "retraining")
                .whereLayer("model").mayOnlyBeAccessedByLayers("registry", "training", "forecast", "observation", "web",
                        "metrics", "monitoring", "retraining")
                .whereLayer("window").mayOnlyBeAccessedByLayers("model", "registry", "training", "forecast", "observation",
                        "web", "metrics", "monitoring")
                .check(CLASSES);
    }
}

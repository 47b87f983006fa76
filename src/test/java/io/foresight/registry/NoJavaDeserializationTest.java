package io.foresight.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The service never turns bytes into Java objects with Java serialisation, so no stored or uploaded file can
 * execute code when it is loaded: DL4J's {@code ModelSerializer.restore*} (and {@code MultiLayerNetwork.load},
 * {@code ComputationGraph.load}, which call it) read zip entries with {@code ObjectInputStream} (DL4J issue
 * 10428). Networks are stored as configuration JSON plus ND4J's binary array format instead.
 */
class NoJavaDeserializationTest {

    static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.foresight");

    @Test
    void noClassUsesObjectInputStreamOrOtherJavaDeserializers() {
        javaDeserializers().check(SERVICE);
    }

    /** The rules are not vacuous: they do catch a class that deserialises or restores a model archive. */
    @Test
    void theRulesCatchOffenders() {
        JavaClasses offenders = new ClassFileImporter().importClasses(Offender.class);
        assertThatThrownBy(() -> javaDeserializers().check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.io.ObjectInputStream");
        assertThatThrownBy(() -> modelSerializer().check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MultiLayerNetwork.load");
    }

    static ArchRule javaDeserializers() {
        return noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.beans.XMLDecoder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.commons.lang3.SerializationUtils")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.nd4j.common.util.SerializationUtils")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.util.SerializationUtils")
                .because("Java deserialisation of stored or uploaded bytes can execute code");
    }

    @Test
    void noClassRestoresModelsWithDl4jsModelSerializer() {
        modelSerializer().check(SERVICE);
    }

    static ArchRule modelSerializer() {
        return noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.deeplearning4j.util.ModelSerializer")
                .orShould().callMethodWhere(loadsAModelArchive())
                .because("ModelSerializer.restore* reads zip entries with ObjectInputStream (DL4J issue 10428)");
    }

    /** What the rules must reject. */
    static final class Offender {
        Object read(InputStream in) throws IOException, ClassNotFoundException {
            return new ObjectInputStream(in).readObject();
        }

        MultiLayerNetwork restore(File file) throws IOException {
            return MultiLayerNetwork.load(file, false);
        }
    }

    private static DescribedPredicate<JavaCall<?>> loadsAModelArchive() {
        return DescribedPredicate.describe("MultiLayerNetwork.load or ComputationGraph.load",
                (JavaCall<?> call) -> call.getName().equals("load")
                        && (call.getTargetOwner().getFullName().equals("org.deeplearning4j.nn.multilayer.MultiLayerNetwork")
                                || call.getTargetOwner().getFullName().equals("org.deeplearning4j.nn.graph.ComputationGraph")));
    }
}

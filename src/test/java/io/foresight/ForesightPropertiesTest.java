package io.foresight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

class ForesightPropertiesTest {

    @Test
    void thePlainJavaDefaultsAreWhatSpringBindsFromAnEmptyEnvironment() {
        ForesightProperties bound = Binder.get(new StandardEnvironment()).bindOrCreate("foresight", ForesightProperties.class);

        assertThat(bound.dataDir().normalize()).isEqualTo(Path.of("data"));
        assertThat(ForesightProperties.defaults(bound.dataDir())).isEqualTo(bound);
    }
}

package io.foresight.web;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * With {@code management.server.port} set, the actuator runs in a child context with its own Tomcat, which applies
 * only the customizers of that context: this puts {@link RequestSyntaxValve} and {@link ProblemErrorReportValve} there
 * too. Listed in {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}
 * (Spring Boot's way to add beans to the management context). Component scanning also finds it in the main context,
 * where {@link ProblemResponsesConfiguration#customize} is idempotent.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementTomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementProblemResponses() {
        return ProblemResponsesConfiguration::customize;
    }
}

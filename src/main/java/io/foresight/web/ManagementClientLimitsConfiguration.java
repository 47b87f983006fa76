package io.foresight.web;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

import io.foresight.ForesightProperties;

/**
 * With {@code management.server.port} set, the actuator runs in a child context with its own Tomcat, which applies
 * only the customizers of that context: this puts a {@link ClientLimitsValve} of its own there too, so that slow
 * bodies sent to the management port (which Tomcat would otherwise drain at the client's pace after the 405) cannot
 * hold its threads either. Listed in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports};
 * component scanning also finds it in the main context, where {@link ClientLimitsConfiguration#addTo} adds nothing twice.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementClientLimitsConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementClientLimits(ForesightProperties properties) {
        return factory -> ClientLimitsConfiguration.addTo(factory, properties.limits());
    }
}

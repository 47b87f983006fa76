package io.foresight.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.foresight.ForesightProperties;

/**
 * Puts a {@link ClientLimitsValve} in front of the API's servlet context ({@link ManagementClientLimitsConfiguration}
 * puts one of its own in front of the management port's).
 */
@Configuration(proxyBeanMethods = false)
class ClientLimitsConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> clientLimits(ForesightProperties properties) {
        return factory -> addTo(factory, properties.limits());
    }

    /** Adds the valve unless the factory has one (component scanning also finds the management configuration). */
    static void addTo(TomcatServletWebServerFactory factory, ForesightProperties.Limits limits) {
        if (factory.getContextValves().stream().noneMatch(ClientLimitsValve.class::isInstance)) {
            factory.addContextValves(new ClientLimitsValve(limits));
        }
    }
}

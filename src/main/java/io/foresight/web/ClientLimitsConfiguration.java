package io.foresight.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.foresight.ForesightProperties;

/** Puts {@link ClientLimitsValve} in front of the API's servlet context. */
@Configuration(proxyBeanMethods = false)
class ClientLimitsConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> clientLimits(ForesightProperties properties) {
        return factory -> factory.addContextValves(new ClientLimitsValve(properties.limits()));
    }
}

package io.foresight.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the errors Tomcat answers itself (malformed URLs and headers, before any controller runs) RFC 9457
 * problems like every other error: {@link ProblemErrorReportValve} replaces Tomcat's HTML error report valve.
 */
@Configuration(proxyBeanMethods = false)
class ProblemResponsesConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            // by the time the context starts, Spring Boot has added its own ErrorReportValve to the host: replace it
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() != null) {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                boolean present = false;
                for (Valve valve : host.getPipeline().getValves()) {
                    present |= valve instanceof ProblemErrorReportValve;
                }
                if (!present) {
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                }
            }
        }));
    }
}

package io.foresight.web;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every Tomcat of the service does before and after the application: {@link RequestSyntaxValve} refuses
 * requests that are malformed whatever their endpoint (query strings, {@code ;} in paths, Accept headers, form
 * bodies), and {@link ProblemErrorReportValve} makes the errors Tomcat answers itself (malformed URLs and headers,
 * before any controller runs) RFC 9457 problems like every other error, in place of Tomcat's HTML error report valve.
 * The same customizer serves the management server when it has its own port ({@link ManagementTomcatConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class ProblemResponsesConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return ProblemResponsesConfiguration::customize;
    }

    /** Idempotent: the management configuration may be applied to the same factory as this one. */
    static void customize(TomcatServletWebServerFactory factory) {
        // %2F stays encoded in the path (never a separator); RequestSyntaxValve allows it only in a series id
        factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
        if (factory.getContextValves().stream().noneMatch(RequestSyntaxValve.class::isInstance)) {
            // first of the context's valves, whatever order the customizers run in: it refuses without reading a
            // body, so no other valve needs to see those requests (ClientLimitsValve would drain the refused body)
            List<Valve> valves = new ArrayList<>(factory.getContextValves());
            valves.add(0, new RequestSyntaxValve());
            factory.setContextValves(valves);
        }
        factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
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

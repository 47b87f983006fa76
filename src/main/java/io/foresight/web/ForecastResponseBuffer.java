package io.foresight.web;

import java.io.IOException;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Forecast answers (8.5 kB for 48 steps with two interval levels) go out in one socket write with a
 * Content-Length: the response is buffered whole instead of in Tomcat's default 8 kB (which commits a chunked
 * response when the first 8 kB are full), and the connector's per-connection write buffer is as large, so that
 * headers and body are not split into two writes at 8 kB.
 */
@Configuration(proxyBeanMethods = false)
class ForecastResponseBuffer {

    /** Answers up to this size (about 700 steps with two levels) go out whole; larger ones are chunked as before. */
    static final int BUFFER_BYTES = 64 * 1024;

    /** Tomcat's socket write buffer per connection (default 8 kB); a write larger than it is split into several. */
    static final int SOCKET_WRITE_BUFFER_BYTES = 16 * 1024;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketWriteBuffer() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("socket.appWriteBufSize",
                Integer.toString(SOCKET_WRITE_BUFFER_BYTES)));
    }

    @Bean
    OncePerRequestFilter forecastResponseBufferFilter() {
        return new OncePerRequestFilter() {

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !request.getRequestURI().endsWith("/forecast");
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                response.setBufferSize(BUFFER_BYTES);
                chain.doFilter(request, response);
            }
        };
    }
}

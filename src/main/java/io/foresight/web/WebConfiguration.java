package io.foresight.web;

import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.foresight.RequestJsonRules;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Spring MVC reads requests: {@link RequestParameterRules} checks every API endpoint's path and query values, and
 * bodies are JSON only, read by {@link RequestJson}.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** Structured formats other than JSON, which Spring reads and writes when their libraries are on the class path. */
    private static final List<String> NOT_JSON = List.of("yaml", "xml", "cbor", "smile", "protobuf");

    private final RequestJson requestJson;

    WebConfiguration(RequestJson requestJson) {
        this.requestJson = requestJson;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestParameterRules()).addPathPatterns("/api/**");
    }

    /**
     * JSON in and out: the converters for YAML (Jackson's YAML module comes with springdoc), XML, CBOR and Smile are
     * removed, so such a body is a 415 that names application/json and such an Accept a 406; the JSON converter reads
     * with {@link RequestJson}.
     */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> {
            converters.removeIf(WebConfiguration::readsOrWritesAnotherFormat);
            converters.replaceAll(converter -> converter instanceof JacksonJsonHttpMessageConverter
                    ? new JacksonJsonHttpMessageConverter(requestJson.mapper()) : converter);
        });
    }

    static boolean readsOrWritesAnotherFormat(HttpMessageConverter<?> converter) {
        for (MediaType type : converter.getSupportedMediaTypes()) {
            String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
            if (NOT_JSON.stream().anyMatch(format -> subtype.equals(format) || subtype.endsWith("+" + format)
                    || subtype.endsWith("-" + format))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The application's JSON mapper (every {@code spring.jackson.*} setting), stricter for request bodies: a JSON
     * number or boolean must be one, not a string that Jackson would coerce ({@code "horizon": "12"},
     * {@code " 12"}, {@code "+12"}, {@code ""}). Stored files keep the application's mapper.
     */
    @Bean
    static RequestJson requestJson(JsonMapper json) {
        return new RequestJson(RequestJsonRules.apply(json.rebuild()).build());
    }

    /** The mapper that reads request bodies (the JSON converter and the {@code spec} part of an upload). */
    record RequestJson(JsonMapper mapper) {
    }
}

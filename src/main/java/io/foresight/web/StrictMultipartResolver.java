package io.foresight.web;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

import io.foresight.ForesightException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

/**
 * Every multipart request passes here before a controller sees it: a part sent twice (two {@code file} parts, two
 * {@code spec} parts, {@code name} twice) is refused, instead of the first one silently winning or the values being
 * joined with a comma. Replaces Spring Boot's resolver of the same bean name.
 */
@Component("multipartResolver")
class StrictMultipartResolver extends StandardServletMultipartResolver {

    @Override
    public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) throws MultipartException {
        MultipartHttpServletRequest resolved = super.resolveMultipart(request);
        Set<String> seen = new HashSet<>();
        try {
            for (Part part : request.getParts()) {
                if (!seen.add(part.getName())) {
                    throw ForesightException.badInput("The multipart body has more than one part '"
                            + JsonProblems.shown(part.getName()) + "'; send each part once.");
                }
            }
        } catch (IOException | ServletException e) {
            throw new MultipartException("Cannot read the multipart body", e);
        }
        return resolved;
    }
}

package io.foresight.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says in plain words what is wrong with a JSON body Jackson could not read: which field, what it must be (for an
 * enum: the allowed values) and what was sent, without Jackson's own message (which names Java classes).
 */
final class JsonProblems {

    private static final int MAX_SHOWN = 60;

    private JsonProblems() {
    }

    /**
     * @param e    what Jackson threw
     * @param what the JSON's name in the message, e.g. "The request body" or "Part 'spec'"
     */
    static String describe(JacksonException e, String what) {
        if (e instanceof StreamConstraintsException) {
            return what + " exceeds the JSON size limits (too long a string or number, or nested too deeply); send a"
                    + " smaller document.";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return what + " has an unknown field '" + shown(u.getPropertyName()) + "'; the known fields are "
                    + new java.util.TreeSet<>(u.getKnownPropertyIds().stream().map(String::valueOf).toList()) + ".";
        }
        String field = path(e);
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType()
                : e instanceof InputCoercionException c ? c.getTargetType() : null;
        if (e instanceof InputCoercionException) {
            return (field.isEmpty() ? what + ": a number" : "'" + field + "'") + " is out of range; it must be "
                    + expected(target) + ".";
        }
        if (e instanceof StreamReadException && String.valueOf(e.getOriginalMessage()).startsWith("Duplicate Object property")) {
            String name = e.getOriginalMessage().replaceFirst("^Duplicate Object property \"(.*)\"$", "$1");
            return what + " gives the field '" + shown(name) + "' twice" + location(e.getLocation()) + "; give each field"
                    + " once.";
        }
        if (e instanceof StreamReadException) {
            return what + " is not valid JSON" + location(e.getLocation()) + ": " + reason(e) + ". Check the brackets,"
                    + " quotes and commas (NaN and Infinity are not JSON numbers).";
        }
        if (field.isEmpty()) {
            if (target != null && !isValueType(target)) {
                return what + " must be a JSON object with the request's fields, e.g. {\"horizon\": 12}; got "
                        + token(e) + ".";
            }
            return what + " could not be read as the expected JSON" + location(e.getLocation()) + ".";
        }
        String got = e instanceof InvalidFormatException f && f.getValue() != null ? "'" + shown(f.getValue()) + "'"
                : token(e);
        boolean string = e instanceof InvalidFormatException f ? f.getValue() instanceof String
                : e instanceof MismatchedInputException m && m.getCurrentToken() == JsonToken.VALUE_STRING;
        if (string && target != null && (isNumber(target) || target == Boolean.class || target == boolean.class)) {
            // request bodies do not coerce strings (WebConfiguration.requestJson): "12" is a string, not a number
            String text = coercedString(e);
            got = (text == null ? got : "the string '" + shown(text) + "'")
                    + " (a JSON number or boolean is written without quotes)";
        }
        return "'" + field + "' must be " + expected(target) + "; got " + got + ".";
    }

    /** What a value of {@code type} looks like in JSON, with the allowed values of an enum. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number" + (type == Long.class || type == long.class ? "" : " (integer, at most 2147483647)");
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || Number.class.isAssignableFrom(type)) {
            return "a finite number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array [...]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        return "of another type";
    }

    /**
     * The string a refused coercion was about: Jackson's exception carries it only in its message,
     * {@code Cannot coerce String value ("abc") to `java.lang.Integer` value ...}; null when the message differs.
     */
    private static String coercedString(JacksonException e) {
        String message = e.getOriginalMessage();
        String start = "String value (\"";
        int from = message == null ? -1 : message.indexOf(start);
        int to = from < 0 ? -1 : message.lastIndexOf("\") to `");
        return to > from ? message.substring(from + start.length(), to) : null;
    }

    private static boolean isNumber(Class<?> type) {
        return Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class);
    }

    private static boolean isValueType(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || Number.class.isAssignableFrom(type) || type == String.class
                || type == Boolean.class || Collection.class.isAssignableFrom(type) || type.isArray();
    }

    /** {@code horizon}, {@code layers[1]}, {@code history[3].value}. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        List<JacksonException.Reference> references = e.getPath();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String token(JacksonException e) {
        JsonToken token = e instanceof MismatchedInputException m ? m.getCurrentToken() : null;
        if (token == null) {
            return "something else";
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }

    private static String location(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The first clause of a parser message, e.g. "Unexpected end-of-input", without source descriptions. */
    private static String reason(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            return "unexpected content";
        }
        message = message.replaceAll("\\s+", " ");
        for (String cut : new String[] {" at [Source", " (start marker", ": expected close marker", "\n"}) {
            int at = message.indexOf(cut);
            if (at > 0) {
                message = message.substring(0, at);
            }
        }
        int tick = message.indexOf('`');
        if (tick >= 0) {
            // backticks quote Java types and settings in Jackson's messages: keep only the clauses before them,
            // e.g. "Non-standard token 'NaN'" of "Non-standard token 'NaN': enable `JsonReadFeature...` to allow"
            int clause = message.lastIndexOf(':', tick);
            message = clause > 0 ? message.substring(0, clause) : "unexpected content";
        }
        return shown(message);
    }

    static String shown(Object value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }
}

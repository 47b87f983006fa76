package io.foresight.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reading of a URL query string: {@code &}-separated {@code name=value} pairs, {@code +} for a space,
 * {@code %} and two hex digits for a byte, the bytes UTF-8. It decides what Tomcat would otherwise refuse only when a
 * handler first asks for a parameter (then with an exception that became a 500): an escape that is not {@code %} and
 * two hex digits, bytes that are not UTF-8 (overlong forms, surrogates, truncated sequences, code points beyond
 * U+10FFFF), a pair without a name. It also refuses what no parameter of this service can mean: a control character
 * after decoding, a character that is not allowed in a URL at all. Whatever it accepts, Tomcat reads the same way
 * ({@code QueryStringFuzzTest} checks this against Tomcat's own parser).
 */
final class QueryString {

    /** One {@code name=value} pair, decoded; a pair without {@code =} has the value "". */
    record Parameter(String name, String value) {
    }

    /** The query string cannot be read; the message says which parameter and why, for the client. */
    static final class MalformedException extends IllegalArgumentException {

        MalformedException(String message) {
            super(message);
        }
    }

    private QueryString() {
    }

    /** The pairs in order (repeated names repeated); {@code null} or "" is no parameter; empty pairs are skipped. */
    static List<Parameter> parse(String raw) {
        List<Parameter> parameters = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                String pair = raw.substring(start, end);
                int equals = pair.indexOf('=');
                String rawName = equals < 0 ? pair : pair.substring(0, equals);
                String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
                if (rawName.isEmpty()) {
                    throw new MalformedException("The query string has a parameter without a name ('"
                            + JsonProblems.shown(pair)
                            + "'); write name=value pairs separated by '&'.");
                }
                String name = decode(rawName, null, rawName);
                parameters.add(new Parameter(name, decode(rawValue, name, rawName)));
            }
            start = end + 1;
        }
        return parameters;
    }

    /**
     * Percent-decodes one name or value. {@code name} is the decoded parameter name when decoding its value (null
     * when decoding the name itself); {@code rawName} is the name as sent, for the message.
     */
    private static String decode(String text, String name, String rawName) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c != '%' && c != '+' && c > 0x20 && c < 0x7f;
        }
        if (plain) {
            return text;
        }
        byte[] bytes = new byte[text.length()];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0 || text.charAt(i + 1) > 0x7f || text.charAt(i + 2) > 0x7f) {
                    throw malformed(name, rawName, "an invalid percent-encoding at '"
                            + JsonProblems.shown(text.substring(i, Math.min(text.length(), i + 3)))
                            + "': '%' must be followed by two hexadecimal digits (write %25 for a '%' itself)");
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes[length++] = ' ';
            } else if (c <= 0x20 || c >= 0x7f) {
                throw malformed(name, rawName, "a character that is not allowed in a URL; percent-encode it as UTF-8");
            } else {
                bytes[length++] = (byte) c;
            }
        }
        String decoded;
        try {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes, 0, length));
            decoded = chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed(name, rawName, "an invalid percent-encoding ('" + JsonProblems.shown(text) + "'): the"
                    + " escaped bytes are not UTF-8 (an overlong form, a surrogate or a truncated sequence);"
                    + " percent-encode text as UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw malformed(name, rawName, "a control character (such as %00, %0A or %7F) after decoding;"
                        + " no parameter of this service can contain one");
            }
        }
        return decoded;
    }

    private static MalformedException malformed(String name, String rawName, String problem) {
        String which = name == null ? "the name of parameter '" + JsonProblems.shown(rawName) + "'"
                : "parameter '" + JsonProblems.shown(name) + "'";
        return new MalformedException("The query string cannot be read: " + which + " has " + problem + ".");
    }
}

package io.foresight.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The command line of a bench tool read against the tool's table of option names: {@code --key=value} options and
 * bare {@code --flag}s, any other argument refused. A tool then takes each value by name, with its default when the
 * option is absent (the last of a repeated option wins).
 */
final class Arguments {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Arguments() {
    }

    /**
     * @param options the names of the {@code --key=value} options the tool knows
     * @param flags   the bare flags it knows, with their dashes ({@code --skip-http})
     * @throws IllegalArgumentException naming the first argument that is neither
     */
    static Arguments read(Iterable<String> args, Set<String> options, Set<String> flags) {
        Arguments read = new Arguments();
        for (String arg : args) {
            if (flags.contains(arg)) {
                read.flags.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            String key = arg.substring(2, eq);
            if (!options.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            read.values.put(key, arg.substring(eq + 1).strip());
        }
        return read;
    }

    static Arguments read(String[] args, Set<String> options) {
        return read(List.of(args), options, Set.of());
    }

    boolean flag(String flag) {
        return flags.contains(flag);
    }

    String text(String key, String absent) {
        return values.getOrDefault(key, absent);
    }

    /** The value turned by {@code parse}, which throws {@link IllegalArgumentException} for the user when it is wrong. */
    <T> T value(String key, Function<String, T> parse, T absent) {
        String value = values.get(key);
        return value == null ? absent : parse.apply(value);
    }

    /** @throws IllegalArgumentException when the value is not a positive whole number */
    int positive(String key, int absent) {
        String value = values.get(key);
        if (value == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + key + " must be a positive whole number; got '" + value + "'");
    }
}

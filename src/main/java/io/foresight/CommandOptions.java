package io.foresight;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/**
 * What the command-line tools ({@code backtest}, {@code bench}, {@code slow-clients}) do alike with their command
 * line: parse it into their options, or say what is wrong with it and how it is used, and exit with
 * {@link #USAGE_ERROR}.
 */
public final class CommandOptions {

    /** The exit status of a wrong command line. */
    public static final int USAGE_ERROR = 2;

    private CommandOptions() {
    }

    /**
     * The options {@code parser} reads from {@code args}; null when it refuses them (an
     * {@link IllegalArgumentException}), after printing {@code <command>: <why>} and {@code usage} to {@code err}.
     */
    public static <T> T parse(String command, String[] args, Function<List<String>, T> parser, String usage,
            PrintStream err) {
        try {
            return parser.apply(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            err.println(usage);
            return null;
        }
    }
}

package io.foresight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the fuzz tests share when a normal test run replays their corpus instead of fuzzing: no fuzzing hooks, the
 * seed inputs of the corpus, and seeded mutations of them.
 */
public final class FuzzReplay {

    /** Bytes that matter in JSON, for mutations of JSON bodies. */
    public static final byte[] JSON_BYTES = "{}[],:\"-+.eE0123456789 nulltruefalse".getBytes(StandardCharsets.ISO_8859_1);

    private FuzzReplay() {
    }

    /**
     * Replays without Jazzer's instrumentation unless {@code JAZZER_FUZZ} asks for fuzzing: call it from a
     * {@code @BeforeAll}, which runs before Jazzer configures its agent for the first {@code @FuzzTest}.
     */
    public static void withoutFuzzingHooks() {
        if (System.getenv("JAZZER_FUZZ") == null && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    /** The named inputs of the test's corpus, {@code <Test>Inputs/fuzz/<name>} beside the test class. */
    public static List<byte[]> seeds(Class<?> test, String... names) {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = test.getResourceAsStream(test.getSimpleName() + "Inputs/fuzz/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing seed " + name);
                }
                seeds.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    /**
     * A random seed with 1 to {@code maxEdits} bytes overwritten, each by one of {@code interesting} or (one time in
     * four) by any byte.
     */
    public static byte[] overwritten(List<byte[]> seeds, Random random, int maxEdits, byte[] interesting) {
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        int edits = 1 + random.nextInt(maxEdits);
        for (int e = 0; e < edits && input.length > 0; e++) {
            int at = random.nextInt(input.length);
            input[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : interesting[random.nextInt(interesting.length)];
        }
        return input;
    }
}

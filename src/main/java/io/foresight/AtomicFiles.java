package io.foresight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes that a crash cannot leave half done: everything goes to a temporary name in the same directory,
 * is forced to disk, then renamed into place atomically. Readers therefore see either nothing or the whole
 * thing; leftovers of interrupted writes start with {@link #TEMP_PREFIX} and are removed at start-up (where
 * processes share a directory, only old ones: {@link #removeTemporaries(Path, Duration)}).
 */
public final class AtomicFiles {

    public static final String TEMP_PREFIX = ".tmp-";

    private AtomicFiles() {
    }

    /** Creates {@code parent/name} holding {@code files}; fails if it already exists. */
    public static void writeDirectory(Path parent, String name, Map<String, byte[]> files) {
        Path temp = parent.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(temp);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                writeSynced(temp.resolve(file.getKey()), file.getValue());
            }
            syncDirectory(temp);
            Path target = parent.resolve(name);
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(parent);
        } catch (IOException e) {
            deleteRecursively(temp);
            throw new UncheckedIOException("Could not write " + parent.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code target} with {@code content} atomically. */
    public static void writeFile(Path target, byte[] content) {
        Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            writeSynced(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteRecursively(temp);
            throw new UncheckedIOException("Could not write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes leftovers of interrupted writes directly inside {@code dir}. */
    public static void removeTemporaries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(AtomicFiles::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes leftovers of interrupted writes directly inside {@code dir} last modified more than {@code age} ago.
     * In a directory that several processes share, a younger one may be a write another process is doing now.
     */
    public static void removeTemporaries(Path dir, Duration age) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant before = Instant.now().minus(age);
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                        deleteRecursively(p);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // gone already (its writer renamed or removed it), or not ours to remove
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of {@code content} in lower-case hex. */
    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(sha256(content, content.length));
    }

    /** The SHA-256 of the first {@code length} bytes of {@code content}. */
    public static byte[] sha256(byte[] content, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(content, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Writes a new file and forces its bytes to the device before returning. */
    public static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes a rename or new entry in {@code dir} durable where the platform allows opening directories (Linux does). */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot open directories for sync; the rename is still atomic there.
        }
    }
}

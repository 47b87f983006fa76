package io.foresight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The one format of the service's append-only logs (observations, the forecast ledger, anomalies): frames of a magic
 * number, the payload's length, its CRC-32 and the payload. A writer appends a frame after the last whole one and
 * forces it to the device; a frame torn by a crash is where reading stops, and the next writer cuts it off.
 */
public final class FramedLog {

    /** Bytes before a frame's payload. */
    public static final int HEADER = 12;
    private static final int MAX_FRAME = 1 << 30;

    private FramedLog() {
    }

    /**
     * Seals {@code frame}, whose first {@link #HEADER} bytes the caller left for the header and whose payload follows:
     * writes the magic, the payload's length and its checksum there, and returns it.
     */
    public static byte[] seal(int magic, byte[] frame) {
        CRC32 crc = new CRC32();
        crc.update(frame, HEADER, frame.length - HEADER);
        ByteBuffer.wrap(frame).putInt(0, magic).putInt(4, frame.length - HEADER).putInt(8, (int) crc.getValue());
        return frame;
    }

    /** The log's bytes from offset {@code from} to its end. */
    public static byte[] tail(Path log, long from) {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long count = channel.size() - from;
            if (count > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("The log " + log + " grew by more than 2 GB at once");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, count));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) >= 0) {
                // until full or the end of the file
            }
            byte[] bytes = buffer.array();
            return buffer.position() < bytes.length ? Arrays.copyOf(bytes, buffer.position()) : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + log + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands each whole frame's payload in {@code bytes} (frames of {@code magic}) to {@code payload}, in order, and
     * returns the length of the whole frames: where a torn or foreign frame starts, or the end.
     */
    public static int frames(byte[] bytes, int magic, Consumer<ByteBuffer> payload) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int whole = 0;
        while (in.remaining() >= HEADER) {
            int found = in.getInt();
            int length = in.getInt();
            int crc = in.getInt();
            if (found != magic || length <= 0 || length > MAX_FRAME || length > in.remaining()) {
                break;
            }
            CRC32 check = new CRC32();
            check.update(bytes, in.position(), length);
            if ((int) check.getValue() != crc) {
                break;
            }
            payload.accept(in.slice(in.position(), length));
            in.position(in.position() + length);
            whole = in.position();
        }
        return whole;
    }

    /**
     * Appends {@code frame} at {@code valid}, the end of the log's last whole frame (a torn frame beyond it is cut
     * off), forced to the device; a new log's directory is synced too. The caller holds the log's lock.
     *
     * @param what names the log in an error, e.g. "the observations of model 'air'"
     */
    public static void append(Path log, long valid, byte[] frame, String what) {
        boolean created = !Files.exists(log);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (channel.size() > valid) {
                channel.truncate(valid);
            }
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            long at = valid;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + what + " (" + log + "): " + e.getMessage(), e);
        }
        if (created) {
            AtomicFiles.syncDirectory(log.getParent());
        }
    }
}

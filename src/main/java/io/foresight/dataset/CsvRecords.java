package io.foresight.dataset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.foresight.ForesightException;

/**
 * The records of a CSV read straight from its bytes, one at a time into reused arrays of field bounds: nothing is
 * allocated per record or per cell, so that a file of millions of rows streams through in one pass. The rules are
 * {@link CsvTable}'s: strict UTF-8 without NUL bytes (a leading byte order mark is skipped), {@code \r\n}, {@code \n}
 * or {@code \r} line ends, comma unless the header line has none ({@link CsvTable#delimiter}), blank lines skipped,
 * a field quoted when its first non-blank character is a double quote (a doubled quote inside is a literal one),
 * fields trimmed, every record as many fields as the header, fields at most {@link CsvTable#MAX_FIELD_LENGTH} long.
 * Row numbers are 1-based data rows (the header is not a row), line numbers 1-based lines of the file.
 */
final class CsvRecords {

    private final byte[] bytes;
    private final byte delimiter;
    private int position;
    private int line = 1;
    private int records;
    // Lines of the rows after which the line is no longer row + 2 (blank lines, line breaks in quoted fields):
    // sparse pairs (row, line), so that an error found after the scan still names the row's line.
    private int[] lineShifts = new int[16];
    private int shifts;

    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] escaped = new boolean[16];
    private int fields;
    private int recordLine;

    CsvRecords(byte[] csv) {
        checkText(csv);
        this.bytes = csv;
        this.position = csv.length >= 3 && (csv[0] & 0xFF) == 0xEF && (csv[1] & 0xFF) == 0xBB
                && (csv[2] & 0xFF) == 0xBF ? 3 : 0;
        this.delimiter = (byte) CsvTable.delimiter(firstLine(csv, position));
    }

    /** Where the next record starts: the bytes read so far. */
    int position() {
        return position;
    }

    /** Fields of the current record. */
    int fields() {
        return fields;
    }

    /** Where field {@code f} of the current record starts (after trimming, inside its quotes). */
    int start(int f) {
        return starts[f];
    }

    /** Where field {@code f} ends, exclusive. */
    int end(int f) {
        return ends[f];
    }

    boolean empty(int f) {
        return starts[f] == ends[f];
    }

    /** The field as text: trimmed, its quotes removed and doubled quotes made single. */
    String text(int f) {
        String text = new String(bytes, starts[f], ends[f] - starts[f], StandardCharsets.UTF_8);
        return (escaped[f] ? text.replace("\"\"", "\"") : text).strip();
    }

    /** Whether field {@code f} holds a doubled quote (so that its bytes are not its text). */
    boolean escaped(int f) {
        return escaped[f];
    }

    /** The line the current record starts on. */
    int line() {
        return recordLine;
    }

    /** "row 17 (line 18)" for the 0-based data row index, for any row read so far. */
    String where(int row) {
        return "row " + (row + 1) + " (line " + lineOf(row) + ")";
    }

    private int lineOf(int row) {
        int record = row + 1;
        int line = record + 1;
        for (int i = 0; i < shifts; i++) {
            if (lineShifts[2 * i] > record) {
                break;
            }
            line = lineShifts[2 * i + 1] + (record - lineShifts[2 * i]);
        }
        return line;
    }

    /**
     * Reads the next record (the header first); false at the end of the file.
     *
     * @param maxFields  most fields a record may have
     * @param expected   the header's field count, or -1 while reading the header
     */
    boolean next(int maxFields, int expected) {
        int n = bytes.length;
        while (true) {
            if (position >= n) {
                return false;
            }
            recordLine = line;
            fields = 0;
            boolean blank = true;
            while (true) {
                int fieldStart = position;
                while (position < n && isBlank(bytes[position])) {
                    position++;
                }
                int start;
                int end;
                boolean hasEscape = false;
                if (position < n && bytes[position] == '"') {
                    blank = false;
                    position++;
                    start = position;
                    while (true) {
                        if (position >= n) {
                            throw ForesightException.badInput("The quoted field that starts on line " + recordLine
                                    + " is never closed; add the closing double quote (and double any quote"
                                    + " inside the field).");
                        }
                        byte c = bytes[position];
                        if (c == '"') {
                            if (position + 1 < n && bytes[position + 1] == '"') {
                                hasEscape = true;
                                position += 2;
                                continue;
                            }
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (position + 1 >= n || bytes[position + 1] != '\n'))) {
                            line++;
                        }
                        position++;
                    }
                    end = position;
                    position++;
                    while (position < n && isBlank(bytes[position])) {
                        position++;
                    }
                    if (position < n && !isFieldEnd(bytes[position])) {
                        throw ForesightException.badInput("Line " + line + ", field " + (fields + 1) + ": there is"
                                + " text after the closing double quote; quote the whole field and double any quote"
                                + " inside it.");
                    }
                    int trimmedStart = start;
                    int trimmedEnd = end;
                    while (trimmedStart < trimmedEnd && isSpace(bytes[trimmedStart])) {
                        trimmedStart++;
                    }
                    while (trimmedEnd > trimmedStart && isSpace(bytes[trimmedEnd - 1])) {
                        trimmedEnd--;
                    }
                    start = trimmedStart;
                    end = trimmedEnd;
                } else {
                    start = position;
                    while (position < n && !isFieldEnd(bytes[position])) {
                        position++;
                    }
                    end = position;
                    while (end > start && isSpace(bytes[end - 1])) {
                        end--;
                    }
                    blank &= end == start;
                }
                if (position - fieldStart > CsvTable.MAX_FIELD_LENGTH) {
                    throw ForesightException.badInput("Field " + (fields + 1) + " on line " + recordLine
                            + " is longer than " + CsvTable.MAX_FIELD_LENGTH + " characters; a time-series CSV"
                            + " holds short values (check that the file is a CSV and that its quotes are balanced).");
                }
                add(start, end, hasEscape);
                if (position < n && bytes[position] == delimiter) {
                    blank = false;
                    position++;
                    if (fields >= maxFields) {
                        throw ForesightException.badInput("The CSV has more than " + maxFields + " columns,"
                                + " the limit (foresight.limits.max-columns); upload fewer columns.");
                    }
                    continue;
                }
                if (position < n) {
                    if (bytes[position] == '\r' && position + 1 < n && bytes[position + 1] == '\n') {
                        position++;
                    }
                    position++;
                    line++;
                }
                break;
            }
            if (blank && fields == 1) {
                continue;
            }
            if (expected >= 0 && fields != expected) {
                throw ForesightException.badInput("row " + records + " (line " + recordLine + ") has " + fields
                        + " fields but the header has " + expected + "; every line needs one field per header column"
                        + " (leave a field empty for a missing value, and quote values that contain the delimiter).");
            }
            if (lineOf(records - 1) != recordLine) {
                if (2 * shifts + 2 > lineShifts.length) {
                    lineShifts = Arrays.copyOf(lineShifts, lineShifts.length * 2);
                }
                lineShifts[2 * shifts] = records;
                lineShifts[2 * shifts + 1] = recordLine;
                shifts++;
            }
            records++;
            return true;
        }
    }

    private void add(int start, int end, boolean hasEscape) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
            escaped = Arrays.copyOf(escaped, fields * 2);
        }
        starts[fields] = start;
        ends[fields] = end;
        escaped[fields] = hasEscape;
        fields++;
    }

    private boolean isFieldEnd(byte c) {
        return c == delimiter || c == '\n' || c == '\r';
    }

    private boolean isBlank(byte c) {
        return c != delimiter && (c == ' ' || c == '\t');
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || (c >= 0x0B && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    }

    /** The first non-blank line, for choosing the delimiter. */
    private static String firstLine(byte[] csv, int from) {
        int start = from;
        while (start < csv.length) {
            int end = start;
            while (end < csv.length && csv[end] != '\n' && csv[end] != '\r') {
                end++;
            }
            String line = new String(csv, start, end - start, StandardCharsets.UTF_8);
            if (!line.isBlank()) {
                return line;
            }
            start = end + 1;
        }
        return "";
    }

    /** Strict UTF-8 without NUL characters, checked without decoding the file into one string. */
    private static void checkText(byte[] csv) {
        boolean ascii = true;
        for (byte b : csv) {
            if (b == 0) {
                throw notText("it contains NUL bytes");
            }
            ascii &= b > 0;
        }
        if (ascii) {
            return;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(csv);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw notText("it contains bytes that are not valid UTF-8");
            }
            if (result.isUnderflow()) {
                break;
            }
            out.clear();
        }
        out.clear();
        if (decoder.flush(out).isError()) {
            throw notText("it contains bytes that are not valid UTF-8");
        }
    }

    private static ForesightException notText(String why) {
        return ForesightException.badInput("The upload is not a UTF-8 text CSV (" + why + "); export the data as"
                + " CSV in UTF-8 (spreadsheets: 'CSV UTF-8').");
    }
}

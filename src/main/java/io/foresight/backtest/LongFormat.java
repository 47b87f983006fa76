package io.foresight.backtest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.Panel;

/**
 * A long-format (many-series) CSV for the backtest: one id column (e.g. {@code series,timestamp,value}), the rows of
 * each series together or interleaved. Each series is cut out as the CSV its rows would be without the id column
 * and parsed by {@link DatasetService#parse}, exactly as an upload of that one series, so that every series meets the
 * service's own rules (regular timestamps, numeric values, missing values as empty cells).
 */
final class LongFormat {

    /** The id column the backtest recognises by itself, when {@code --id-column} is not given. */
    static final String DEFAULT_ID_COLUMN = "series";

    private LongFormat() {
    }

    /**
     * The id column of this CSV: {@code wanted} when given (which must be in the header), else {@code series} when the
     * header has it next to at least two other columns and its first cell is not a number, else null (a wide file:
     * every numeric column is a series).
     *
     * @throws IllegalArgumentException when {@code wanted} is not a column
     */
    static String idColumn(byte[] csv, String wanted) {
        List<List<String>> head = records(firstLines(csv, 2));
        List<String> header = head.isEmpty() ? List.of() : head.get(0);
        if (wanted != null) {
            if (!header.contains(wanted)) {
                throw new IllegalArgumentException("--id-column=" + wanted + " is not a column; the header has " + header);
            }
            return wanted;
        }
        // series,timestamp,value at least, and not a wide file whose numeric column happens to be called "series"
        int id = header.indexOf(DEFAULT_ID_COLUMN);
        if (id < 0 || header.size() < 3 || head.size() < 2 || head.get(1).size() <= id || isNumber(head.get(1).get(id))) {
            return null;
        }
        return DEFAULT_ID_COLUMN;
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The series of a long-format CSV, ordered by id.
     *
     * @throws IllegalArgumentException naming the row or the series when the file is not a valid long-format CSV
     */
    static Panel split(byte[] csv, String idColumn) {
        List<List<String>> records = records(new String(csv, StandardCharsets.UTF_8));
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the file is empty");
        }
        List<String> header = records.get(0);
        int id = header.indexOf(idColumn);
        if (id < 0) {
            throw new IllegalArgumentException("the id column '" + idColumn + "' is not in the header " + header);
        }
        Map<String, StringBuilder> parts = new TreeMap<>();
        String partHeader = join(header, id);
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            if (record.size() != header.size()) {
                throw new IllegalArgumentException("row " + r + " has " + record.size() + " fields; the header has " + header.size());
            }
            String key = record.get(id).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("row " + r + " has no " + idColumn + " (the id column must not be empty)");
            }
            parts.computeIfAbsent(key, k -> new StringBuilder(partHeader).append('\n')).append(join(record, id)).append('\n');
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the file has a header but no rows");
        }
        List<Panel.Member> members = new ArrayList<>(parts.size());
        for (Map.Entry<String, StringBuilder> part : parts.entrySet()) {
            try {
                members.add(new Panel.Member(part.getKey(),
                        DatasetService.parse(part.getValue().toString().getBytes(StandardCharsets.UTF_8))));
            } catch (ForesightException e) {
                throw new IllegalArgumentException(idColumn + " '" + part.getKey() + "': " + e.getMessage(), e);
            }
        }
        return new Panel(List.of(idColumn), members);
    }

    /** The first {@code count} lines of the file (enough for the header and a row unless a quoted field breaks a line). */
    private static String firstLines(byte[] csv, int count) {
        int end = 0;
        int lines = 0;
        while (end < csv.length && lines < count) {
            if (csv[end] == '\n') {
                lines++;
            }
            end++;
        }
        return new String(csv, 0, end, StandardCharsets.UTF_8);
    }

    /** The fields of every record, trimmed, comma-separated, with RFC 4180 quoting (a byte-order mark is dropped). */
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString().strip());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString().strip());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString().strip());
            records.add(record);
        }
        return records;
    }

    /** The fields without the one at {@code skip}, as a CSV line (quoted where needed). */
    private static String join(List<String> fields, int skip) {
        StringBuilder line = new StringBuilder();
        for (int f = 0; f < fields.size(); f++) {
            if (f == skip) {
                continue;
            }
            if (line.length() > 0) {
                line.append(',');
            }
            String v = fields.get(f);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                line.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                line.append(v);
            }
        }
        return line.toString();
    }
}

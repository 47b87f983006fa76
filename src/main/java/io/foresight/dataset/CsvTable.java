package io.foresight.dataset;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.foresight.ForesightException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvReader;

/**
 * The cells of an uploaded CSV as trimmed strings, with the line each data row starts on.
 *
 * <p>Tablesaw reads the cells (every column as {@code STRING}, so that {@link DatasetParser} can parse them strictly
 * and name row and column in its errors). A light scan before it checks the structure Tablesaw would only report
 * vaguely or not at all: encoding, the line number of every record, ragged rows, over-long fields and the size
 * limits. Row numbers in messages are 1-based data rows (the header is not a row); line numbers are 1-based lines
 * of the file.
 *
 * @param header the trimmed header names
 * @param cells  {@code cells[column][row]}, trimmed, {@code ""} for an empty cell
 * @param lines  {@code lines[row]} is the file line data row {@code row + 1} starts on
 */
record CsvTable(List<String> header, String[][] cells, int[] lines) {

    static final int MAX_FIELD_LENGTH = 100_000;

    int rowCount() {
        return lines.length;
    }

    /** "row 17 (line 18)" for the 0-based data row index. */
    String where(int row) {
        return "row " + (row + 1) + " (line " + lines[row] + ")";
    }

    static CsvTable read(byte[] csv, int maxColumns, int maxRows) {
        String text = normaliseLineEnds(decode(csv));
        if (text.isBlank()) {
            throw ForesightException.badInput("The CSV file is empty; send a header line (e.g. timestamp,value)"
                    + " followed by one line per observation.");
        }
        char delimiter = delimiter(text);
        Structure structure = Structure.scan(text, delimiter, maxColumns, maxRows);
        Table table = readWithTablesaw(structure.text(), delimiter, structure.columns());
        if (table.rowCount() != structure.lines().length || table.columnCount() != structure.columns()) {
            throw ForesightException.badInput("The CSV could not be read consistently (the parser found "
                    + table.rowCount() + " records of " + table.columnCount() + " fields, expected "
                    + structure.lines().length + " of " + structure.columns() + "); check the quoting: a field that"
                    + " contains the delimiter, a quote or a line break must be enclosed in double quotes, with inner"
                    + " quotes doubled.");
        }
        int rows = table.rowCount() - 1;
        List<String> header = new ArrayList<>(table.columnCount());
        String[][] cells = new String[table.columnCount()][rows];
        for (int c = 0; c < table.columnCount(); c++) {
            StringColumn column = table.stringColumn(c);
            header.add(clean(column.get(0)));
            for (int r = 0; r < rows; r++) {
                cells[c][r] = clean(column.get(r + 1));
            }
        }
        return new CsvTable(List.copyOf(header), cells, Arrays.copyOfRange(structure.lines(), 1, rows + 1));
    }

    private static String clean(String cell) {
        return cell == null ? "" : cell.strip();
    }

    /** Strict UTF-8 without NUL characters: anything else is not a text CSV. */
    private static String decode(byte[] csv) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(csv))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notText("it contains bytes that are not valid UTF-8");
        }
        if (text.indexOf('\0') >= 0) {
            throw notText("it contains NUL bytes");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static ForesightException notText(String why) {
        return ForesightException.badInput("The upload is not a UTF-8 text CSV (" + why + "); export the data as"
                + " CSV in UTF-8 (spreadsheets: 'CSV UTF-8').");
    }

    private static String normaliseLineEnds(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Comma unless the header line has none: then tab or semicolon, whichever it has more of. */
    static char delimiter(String text) {
        String headerLine = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        if (headerLine.indexOf(',') >= 0) {
            return ',';
        }
        long tabs = headerLine.chars().filter(ch -> ch == '\t').count();
        long semicolons = headerLine.chars().filter(ch -> ch == ';').count();
        if (tabs == 0 && semicolons == 0) {
            return ',';
        }
        return tabs >= semicolons ? '\t' : ';';
    }

    private static Table readWithTablesaw(String text, char delimiter, int columns) {
        ColumnType[] types = new ColumnType[columns];
        Arrays.fill(types, ColumnType.STRING);
        CsvReadOptions options = CsvReadOptions.builder(new StringReader(text))
                .tableName("upload")
                .header(false)
                .separator(delimiter)
                .quoteChar('"')
                .lineEnding("\n")
                .columnTypes(types)
                // Only the empty cell is missing to Tablesaw; NA/null and the rejected NaN are judged by the parser.
                .missingValueIndicator("")
                .maxCharsPerColumn(MAX_FIELD_LENGTH + 1_024)
                .maxNumberOfColumns(columns + 1)
                .sample(false)
                .build();
        try {
            return new CsvReader().read(options);
        } catch (ForesightException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ForesightException.badInput("The CSV could not be read: " + shorten(e.getMessage())
                    + ". Check that every line has the same number of fields as the header and that quotes are"
                    + " balanced.");
        }
    }

    private static String shorten(String message) {
        if (message == null) {
            return "malformed CSV";
        }
        String oneLine = message.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    /**
     * Where the records are, found by a quote-aware scan that mirrors the CSV reader: empty and whitespace-only
     * lines are skipped (and blanked in {@code text} so both agree), a field is quoted when its first non-blank
     * character is a double quote, and a doubled quote inside is a literal quote.
     *
     * @param text    the text to hand to Tablesaw
     * @param lines   the start line of every record, the header first
     * @param columns the number of fields of the header
     */
    private record Structure(String text, int[] lines, int columns) {

        static Structure scan(String text, char delimiter, int maxColumns, int maxRows) {
            int n = text.length();
            int[] lines = new int[64];
            int records = 0;
            int columns = -1;
            StringBuilder blanked = null;
            int copiedUpTo = 0;
            int line = 1;
            int i = 0;
            while (i < n) {
                int lineEnd = text.indexOf('\n', i);
                if (lineEnd < 0) {
                    lineEnd = n;
                }
                if (isBlank(text, i, lineEnd, delimiter)) {
                    if (lineEnd > i) {
                        if (blanked == null) {
                            blanked = new StringBuilder(n);
                        }
                        blanked.append(text, copiedUpTo, i);
                        copiedUpTo = lineEnd;
                    }
                    i = lineEnd + 1;
                    line++;
                    continue;
                }
                int recordLine = line;
                int fields = 0;
                while (true) {
                    fields++;
                    int fieldStart = i;
                    while (i < n && isBlankChar(text.charAt(i), delimiter)) {
                        i++;
                    }
                    if (i < n && text.charAt(i) == '"') {
                        i++;
                        while (true) {
                            if (i >= n) {
                                throw ForesightException.badInput("The quoted field that starts on line " + recordLine
                                        + " is never closed; add the closing double quote (and double any quote"
                                        + " inside the field).");
                            }
                            char c = text.charAt(i);
                            if (c == '"') {
                                if (i + 1 < n && text.charAt(i + 1) == '"') {
                                    i += 2;
                                    continue;
                                }
                                i++;
                                break;
                            }
                            if (c == '\n') {
                                line++;
                            }
                            i++;
                        }
                    }
                    while (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\n') {
                        i++;
                    }
                    if (i - fieldStart > MAX_FIELD_LENGTH) {
                        throw ForesightException.badInput("Field " + fields + " on line " + recordLine
                                + " is longer than " + MAX_FIELD_LENGTH + " characters; a time-series CSV holds"
                                + " short values (check that the file is a CSV and that its quotes are balanced).");
                    }
                    if (i < n && text.charAt(i) == delimiter) {
                        i++;
                        if (columns < 0 && fields >= maxColumns) {
                            throw ForesightException.badInput("The CSV has more than " + maxColumns + " columns,"
                                    + " the limit (foresight.limits.max-columns); upload fewer columns.");
                        }
                        continue;
                    }
                    if (i < n) {
                        i++;
                        line++;
                    }
                    break;
                }
                if (columns < 0) {
                    columns = fields;
                } else if (fields != columns) {
                    throw ragged(records, recordLine, fields, columns);
                } else if (records > maxRows) {
                    throw ForesightException.badInput("The CSV has more than " + maxRows + " data rows, the limit"
                            + " (foresight.limits.max-rows); upload a shorter or coarser series.");
                }
                if (records == lines.length) {
                    lines = Arrays.copyOf(lines, records * 2);
                }
                lines[records++] = recordLine;
            }
            String cleaned = text;
            if (blanked != null) {
                cleaned = blanked.append(text, Math.min(copiedUpTo, n), n).toString();
            }
            return new Structure(cleaned, Arrays.copyOf(lines, records), columns);
        }

        private static ForesightException ragged(int row, int line, int fields, int columns) {
            return ForesightException.badInput("row " + row + " (line " + line + ") has " + fields + " fields but"
                    + " the header has " + columns + "; every line needs one field per header column (leave a"
                    + " field empty for a missing value, and quote values that contain the delimiter).");
        }

        private static boolean isBlank(String text, int from, int to, char delimiter) {
            for (int i = from; i < to; i++) {
                if (!isBlankChar(text.charAt(i), delimiter)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isBlankChar(char c, char delimiter) {
            return c != delimiter && (c == ' ' || c == '\t');
        }
    }
}

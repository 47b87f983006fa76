package io.foresight.spark;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.sql.Row;

/** A group's rows written back as the long-format CSV the service's parser reads (RFC 4180 quoting). */
final class Csv {

    private Csv() {
    }

    static byte[] of(List<String> header, Iterator<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            cell(line.append(i == 0 ? "" : ","), header.get(i));
        }
        out.writeBytes(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        while (rows.hasNext()) {
            Row row = rows.next();
            line.setLength(0);
            for (int i = 0; i < header.size(); i++) {
                cell(line.append(i == 0 ? "" : ","), row.isNullAt(i) ? "" : row.getString(i));
            }
            out.writeBytes(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void cell(StringBuilder line, String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            line.append(value);
        } else {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }
}

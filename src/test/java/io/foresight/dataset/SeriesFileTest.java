package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.bytes;
import static io.foresight.dataset.CsvFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stored series file gives back exactly the series that parsing the CSV gives. */
class SeriesFileTest {

    private static TimeSeries parse(byte[] csv) {
        return DatasetParser.parse(csv, Integer.MAX_VALUE, Integer.MAX_VALUE).series();
    }

    private static TimeSeries roundTrip(TimeSeries series) throws SeriesFile.DamagedException {
        return SeriesFile.read(SeriesFile.write(series));
    }

    /** Timestamps, names, frequency, dateOnly equal and every value equal bit for bit (NaN included). */
    static void assertSameSeries(TimeSeries actual, TimeSeries expected) {
        assertThat(actual.timestamps()).isEqualTo(expected.timestamps());
        assertThat(actual.columnNames()).isEqualTo(expected.columnNames());
        assertThat(actual.frequency()).isEqualTo(expected.frequency());
        assertThat(actual.dateOnly()).isEqualTo(expected.dateOnly());
        for (int c = 0; c < expected.columns().size(); c++) {
            double[] a = actual.columns().get(c).values();
            double[] e = expected.columns().get(c).values();
            assertThat(a).hasSameSizeAs(e);
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(e[i])) {
                    throw new AssertionError("column " + c + " row " + i + ": " + a[i] + " != " + e[i]);
                }
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AirPassengers.csv", "EuStockMarkets.csv", "taylor.csv"})
    void sampleDataRoundTrips(String name) throws Exception {
        TimeSeries parsed = parse(Files.readAllBytes(Path.of("sample-data", name)));
        assertSameSeries(roundTrip(parsed), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AirPassengers.csv", "EuStockMarkets-head200.csv", "taylor-head400.csv",
        "gaps-and-missing.csv"})
    void testResourcesRoundTrip(String name) throws Exception {
        TimeSeries parsed = parse(resource(name));
        assertSameSeries(roundTrip(parsed), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // gaps and empty cells (NaN), several columns
        "timestamp,a,b\n2024-01-01,1,10\n2024-01-02,,20\n2024-01-03,3,30\n2024-01-04,4,\n2024-01-05,5,50\n"
                + "2024-01-07,-0.0,1e300\n2024-01-08,8,80\n2024-01-09,9,90\n2024-01-10,1e-320,100\n",
        // unsorted rows
        "timestamp,v\n2024-01-03,3\n2024-01-01,1\n2024-01-04,4\n2024-01-02,2\n",
        // month ends, quarterly across a gap, yearly, weekly
        "d,v\n2023-01-31,1\n2023-02-28,2\n2023-03-31,3\n2023-04-30,4\n",
        "d,v\n2023-03-31,1\n2023-06-30,2\n2023-12-31,4\n2024-03-31,5\n",
        "d,v\n2001-01-01,1\n2002-01-01,2\n2003-01-01,3\n",
        "d,v\n2024-01-01,1\n2024-01-08,2\n2024-01-15,3\n",
        // date-times with seconds and offsets, quarter-hourly
        "timestamp,v\n2024-01-01T00:00:00,1\n2024-01-01 00:15:00,2\n2024-01-01T00:30:00,3\n2024-01-01T00:45:00,4\n",
        "timestamp,v\n2024-01-01T01:00:00+01:00,1\n2024-01-01T01:00:00Z,2\n2024-01-01T02:00:00Z,3\n",
        // quoted, BOM, semicolons, non-ASCII column names, a text column that is not a series
        "\uFEFF\"timestamp\",\"value\",note\r\n2024-01-01,1.5,x\r\n2024-01-02,2.5,y\r\n2024-01-03,3.5,z\r\n",
        "date;a;b\n2024-01-01;1;10\n2024-01-02;2;20\n2024-01-03;3;30\n",
        "timestamp,Temperatur °C,東京,naïve\n2024-01-01,1,2,3\n2024-01-02,4,5,6\n2024-01-03,7,8,9\n",
        // the epoch
        "timestamp,v\n1970-01-01,0\n1970-01-02,1\n1970-01-03,2\n",
        // before 1970
        "timestamp,v\n1900-02-28T23:30:00,1\n1900-03-01T00:00:00,2\n1900-03-01T00:30:00,3\n",
    })
    void variedInputsRoundTrip(String csv) throws Exception {
        TimeSeries parsed = parse(bytes(csv));
        assertSameSeries(roundTrip(parsed), parsed);
    }

    @Test
    void businessDaysWithHolidaysRoundTrip() throws Exception {
        StringJoiner csv = new StringJoiner("\n", "", "\n").add("date,close");
        LocalDate d = LocalDate.parse("2024-04-01");
        for (int row = 0; row < 300; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY
                    && d.getDayOfMonth() != 10) {
                csv.add(d + "," + row++ * 0.1);
            }
        }
        TimeSeries parsed = parse(bytes(csv.toString()));
        assertThat(parsed.frequency()).isEqualTo(Frequency.BUSINESS_DAYS);
        assertSameSeries(roundTrip(parsed), parsed);
    }

    @Test
    void everyDamagedByteIsDetected() {
        byte[] file = SeriesFile.write(parse(bytes("timestamp,a,b\n2024-01-01,1,10\n2024-01-02,,20\n2024-01-03,3,\n")));
        for (int i = 0; i < file.length; i++) {
            byte[] damaged = file.clone();
            damaged[i] ^= 0x01;
            assertThatThrownBy(() -> SeriesFile.read(damaged)).as("byte %d flipped", i)
                    .isInstanceOf(SeriesFile.DamagedException.class);
        }
        for (int length = 0; length < file.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(file, length);
            assertThatThrownBy(() -> SeriesFile.read(truncated)).as("%d bytes", length)
                    .isInstanceOf(SeriesFile.DamagedException.class);
        }
    }

    @Test
    void aFileWithAValidChecksumButAWrongGridIsRejected() throws IOException {
        // Same layout, written by hand: a P1D series of 3 rows whose stored last timestamp is not on the grid.
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(0x46535231);
            out.writeInt(1);
            out.writeUTF("P1D");
            out.writeBoolean(true);
            out.writeInt(3);
            out.writeLong(0);
            out.writeInt(0);
            out.writeLong(86_400 * 5);
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(1);
            out.write('v');
            for (int i = 0; i < 3; i++) {
                out.writeLong(Double.doubleToRawLongBits(i));
            }
        }
        byte[] body = bytes.toByteArray();
        byte[] file = java.util.Arrays.copyOf(body, body.length + 32);
        System.arraycopy(sha256(body), 0, file, body.length, 32);
        assertThatThrownBy(() -> SeriesFile.read(file)).isInstanceOf(SeriesFile.DamagedException.class)
                .hasMessageContaining("grid");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

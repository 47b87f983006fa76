package io.foresight.dataset;

/**
 * A column of an uploaded CSV as the service understood it.
 *
 * @param name the header name
 * @param type {@code TIMESTAMP} (the time axis), {@code NUMBER} (a series column), {@code TEXT} (a column without
 *             any number in it, kept out of the series) or {@code ID} (an id column of a many-series dataset)
 */
public record ColumnInfo(String name, String type) {

    public static final String TIMESTAMP = "TIMESTAMP";
    public static final String NUMBER = "NUMBER";
    public static final String TEXT = "TEXT";
    public static final String ID = "ID";
}

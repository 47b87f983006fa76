package io.foresight.dataset;

import java.util.List;

import io.foresight.ForesightException;

/**
 * One page of a listing (a dataset's series, a model's series): the page, from 0, and how many items a page holds,
 * checked in one place.
 *
 * @param page the page, from 0
 * @param size items per page, 1 to {@value #MAX_SIZE}
 */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 1000;

    /** @throws ForesightException (bad input) when the page is negative or the size out of range */
    public Paging {
        if (page < 0) {
            throw ForesightException.badInput("'page' must be 0 or more (the first page is 0); got " + page + ".");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ForesightException.badInput("'size' must be 1 to " + MAX_SIZE + "; got " + size + ".");
        }
    }

    /** This page of {@code all} (empty past the end). */
    public <T> List<T> of(List<T> all) {
        int from = (int) Math.min(all.size(), (long) page * size);
        return all.subList(from, (int) Math.min(all.size(), (long) from + size));
    }
}

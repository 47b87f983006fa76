package io.foresight.dataset;

import java.util.Arrays;

/**
 * Distinct byte strings (cells of a CSV) numbered in order of first appearance, without an object per lookup: an
 * open-addressing table over one pool of the keys' bytes. A cell's number is found from its bytes in place, so that a
 * value repeated on a million rows (a store id, a date) is read into text once.
 */
final class ByteKeys {

    private byte[] pool = new byte[1024];
    private int poolSize;
    // Per key k: its bytes' offset in the pool at 3k, their length at 3k + 1, their hash at 3k + 2.
    private int[] keys = new int[3 * 64];
    private int size;
    private int[] table = new int[128]; // key number + 1, 0 when empty

    int size() {
        return size;
    }

    /** The key's number: the existing one, or the next one when {@code bytes[from, to)} is new. */
    int intern(byte[] bytes, int from, int to) {
        int found = find(bytes, from, to);
        if (found >= 0) {
            return found;
        }
        int hash = hash(bytes, from, to);
        int length = to - from;
        if (poolSize + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
        }
        System.arraycopy(bytes, from, pool, poolSize, length);
        if (3 * size == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[3 * size] = poolSize;
        keys[3 * size + 1] = length;
        keys[3 * size + 2] = hash;
        poolSize += length;
        int key = size++;
        if (size * 2 > table.length) {
            rehash(table.length * 2);
        } else {
            place(key, hash);
        }
        return key;
    }

    /** The key's number, or -1 when {@code bytes[from, to)} was never interned. */
    int find(byte[] bytes, int from, int to) {
        int hash = hash(bytes, from, to);
        int mask = table.length - 1;
        int length = to - from;
        for (int slot = hash & mask;; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == 0) {
                return -1;
            }
            int key = entry - 1;
            int offset = keys[3 * key];
            if (keys[3 * key + 2] == hash && keys[3 * key + 1] == length
                    && Arrays.equals(pool, offset, offset + length, bytes, from, to)) {
                return key;
            }
        }
    }

    /** Forgets every key (a cache that grew too large starts again). */
    void clear() {
        size = 0;
        poolSize = 0;
        Arrays.fill(table, 0);
    }

    private void place(int key, int hash) {
        int mask = table.length - 1;
        int slot = hash & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = key + 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int key = 0; key < size; key++) {
            place(key, keys[3 * key + 2]);
        }
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 0x9E3779B9;
        for (int i = from; i < to; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }
}

package io.foresight.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels}' operations with the Java Vector API (incubating in Java 17): the matrix product register-blocked
 * (eight or four rows of C by two vectors of columns held in registers across the k loop) and cache-blocked (large
 * operands copied into contiguous panels, see {@link #multiply}), and the element-wise kernels a vector at a time.
 * Only loaded when the module {@code jdk.incubator.vector} is present ({@link Kernels#VECTOR}).
 */
final class VectorKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of B per pass: a panel of KC x 2 vectors (32 KiB of 512-bit ones) stays in L1 while row blocks run over it. */
    private static final int KC = 256;
    private static final float TANH_CLAMP = 7.90531110763549805f;
    /**
     * Eight rows per block where vectors are 512 bits (AVX-512 has 32 vector registers: 16 accumulators, 2 rows of B
     * and a broadcast fit); four where they are narrower (AVX2's 16 registers).
     */
    private static final boolean EIGHT_ROWS = L >= 16;
    /** Rows of a register block, and of a sliver of packed A. */
    private static final int ROWS = EIGHT_ROWS ? 8 : 4;
    /** Columns of B packed at a time: {@code KC x NC} floats (512 KiB on 512-bit vectors) stay in L2. */
    private static final int NC = 512 / (2 * L) * (2 * L);
    /** Rows of A packed at a time: {@code MC x KC} floats (128 KiB) stay in L2 while B's panels run over them. */
    private static final int MC = 128;
    /**
     * Rows of C from which B's block is copied (its panels then serve at least 16 register blocks), and columns from
     * which A's block is copied too (its slivers serve at least 8 panels). Below them (the 2x64 workload's per-step
     * products, 64 x 256 x 64, and its weight gradients, 64 rows) the operands stay in L1 and L2 as they are and the
     * copies cost more than they save (measured: 10-20 % slower there).
     */
    private static final int PACK_MIN_ROWS = 128;
    private static final int PACK_A_MIN_COLUMNS = 256;
    /** Per thread: packed B ({@code KC x NC}) and packed A ({@code MC x KC}). */
    private static final ThreadLocal<float[][]> PACKED = ThreadLocal
            .withInitial(() -> new float[][] {new float[KC * NC], new float[MC * KC]});

    private VectorKernels() {
    }

    static String description() {
        return S.vectorBitSize() + "-bit, " + L + " floats a vector, " + (EIGHT_ROWS ? 8 : 4) + "x" + 2 * L
                + " register block";
    }

    /**
     * As {@link Kernels#multiply}. Blocked for the caches as well as the registers: k in blocks of {@link #KC} (the
     * order of the sums is the unblocked one's: each element of C sums its k products in order, one block after the
     * other, so the blocking changes no result), and, once C has {@link #PACK_MIN_ROWS} rows, each block of B copied
     * into contiguous panels of {@code KC x 2L} ({@link #NC} columns at a time, in L2) and, from
     * {@link #PACK_A_MIN_COLUMNS} columns, each block of A's rows into contiguous slivers of 8 (or 4) rows
     * ({@link #MC} rows at a time): the register block then reads a panel of B that stays in L1 while every row block
     * of the MC rows runs over it, and A's values one after the other. Without the copies a panel of B is KC rows
     * {@code ldb} floats apart: at {@code ldb} = 1024 (hidden 256's gate rows) they all fall into the same two sets of
     * the L1 cache and come from L2 at every use; and the loop read all of A once per panel (12 MiB 32 times for the
     * input product of hidden 256 at batch 256). Columns past the last whole panel run as before, unpacked.
     */
    static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, float[] bias, boolean accumulate) {
        if (k == 0) {
            if (!accumulate) {
                Kernels.scalarMultiply(m, n, 0, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, false);
            }
            return;
        }
        int wide = n - n % (2 * L); // the columns the packed panels cover
        boolean packB = wide > 0 && m >= PACK_MIN_ROWS;
        boolean packA = packB && n >= PACK_A_MIN_COLUMNS;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            boolean acc = accumulate || p0 > 0;
            float[] init = acc ? null : bias;
            int ap = aOff + p0 * acs;
            int bp = bOff + p0 * ldb;
            int j = 0;
            if (packA || packB) {
                blocked(m, wide, kc, a, ap, ars, acs, packA, b, bp, ldb, packB, c, cOff, ldc, init, acc);
                j = wide;
            } else {
                for (; j + 2 * L <= n; j += 2 * L) {
                    rowBlocks(m, kc, a, ap, ars, acs, b, bp + j, ldb, c, cOff + j, ldc, init, j, acc);
                }
            }
            for (; j + L <= n; j += L) {
                for (int i = 0; i < m; i++) {
                    block1x1(kc, a, ap + i * ars, acs, b, bp + j, ldb, c, cOff + i * ldc + j, init, j, acc);
                }
            }
            if (j < n) {
                Kernels.scalarMultiply(m, n - j, kc, a, ap, ars, acs, b, bp + j, ldb, c, cOff + j, ldc, init, j, acc);
            }
        }
    }

    /** One strip of 2L columns of C over {@code m} rows: 8-row (or 4-row) register blocks, then single rows. */
    private static void rowBlocks(int m, int kc, float[] a, int ap, int ars, int acs, float[] b, int bj, int ldb,
            float[] c, int cj, int ldc, float[] init, int j, boolean acc) {
        int i = 0;
        if (EIGHT_ROWS) {
            for (; i + 8 <= m; i += 8) {
                block8x2(kc, a, ap + i * ars, ars, acs, b, bj, ldb, c, cj + i * ldc, ldc, init, j, acc);
            }
        }
        for (; i + 4 <= m; i += 4) {
            block4x2(kc, a, ap + i * ars, ars, acs, b, bj, ldb, c, cj + i * ldc, ldc, init, j, acc);
        }
        for (; i < m; i++) {
            block1x2(kc, a, ap + i * ars, acs, b, bj, ldb, c, cj + i * ldc, init, j, acc);
        }
    }

    /**
     * Columns {@code 0..wide)} (a multiple of 2L) of one k block, {@link #NC} columns by {@link #MC} rows at a time,
     * with B's block copied panel by panel ({@code kc x 2L} each, row after row) when {@code packB}, and A's block
     * sliver by sliver ({@code ROWS} rows interleaved: the ROWS values of one k next to each other; the last sliver
     * may be shorter) when {@code packA}; the register blocks run on the copies through their strides (A: row stride
     * 1, column stride the sliver's height; B: row stride 2L).
     */
    private static void blocked(int m, int wide, int kc, float[] a, int ap, int ars, int acs, boolean packA, float[] b,
            int bp, int ldb, boolean packB, float[] c, int cOff, int ldc, float[] init, boolean acc) {
        float[][] scratch = PACKED.get();
        float[] pb = scratch[0];
        float[] pa = scratch[1];
        int w = 2 * L;
        for (int j0 = 0; j0 < wide; j0 += NC) {
            int nc = Math.min(NC, wide - j0);
            if (packB) {
                for (int q = 0; q < nc; q += w) {
                    int panel = q * kc;
                    int from = bp + j0 + q;
                    for (int p = 0; p < kc; p++) {
                        FloatVector.fromArray(S, b, from + p * ldb).intoArray(pb, panel + p * w);
                        FloatVector.fromArray(S, b, from + p * ldb + L).intoArray(pb, panel + p * w + L);
                    }
                }
            }
            for (int i0 = 0; i0 < m; i0 += MC) {
                int mc = Math.min(MC, m - i0);
                if (packA) {
                    for (int r0 = 0; r0 < mc; r0 += ROWS) {
                        int rows = Math.min(ROWS, mc - r0);
                        int from = ap + (i0 + r0) * ars;
                        for (int p = 0; p < kc; p++) { // k outer: A read in rows of ROWS, the copy written in order
                            int to = r0 * kc + p * rows;
                            int source = from + p * acs;
                            for (int r = 0; r < rows; r++) {
                                pa[to + r] = a[source + r * ars];
                            }
                        }
                    }
                }
                for (int q = 0; q < nc; q += w) {
                    int j = j0 + q;
                    float[] bb = packB ? pb : b;
                    int bi = packB ? q * kc : bp + j;
                    int bs = packB ? w : ldb;
                    int cj = cOff + i0 * ldc + j;
                    for (int r0 = 0; r0 < mc; r0 += ROWS) {
                        int rows = Math.min(ROWS, mc - r0);
                        if (EIGHT_ROWS && packA && packB && rows == 8) {
                            packed8x2(kc, pa, r0 * kc, pb, bi, c, cj + r0 * ldc, ldc, init, j, acc);
                            continue;
                        }
                        float[] aa = packA ? pa : a;
                        int ai = packA ? r0 * kc : ap + (i0 + r0) * ars;
                        int rs = packA ? 1 : ars;
                        int cs = packA ? rows : acs;
                        rowBlocks(rows, kc, aa, ai, rs, cs, bb, bi, bs, c, cj + r0 * ldc, ldc, init, j, acc);
                    }
                }
            }
        }
    }

    private static FloatVector start(float[] c, int ci, float[] bias, int j, boolean acc) {
        if (acc) {
            return FloatVector.fromArray(S, c, ci);
        }
        return bias != null ? FloatVector.fromArray(S, bias, j) : FloatVector.zero(S);
    }

    private static void block4x2(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb, float[] c, int ci,
            int ldc, float[] bias, int j, boolean acc) {
        FloatVector c00 = start(c, ci, bias, j, acc);
        FloatVector c01 = start(c, ci + L, bias, j + L, acc);
        FloatVector c10 = start(c, ci + ldc, bias, j, acc);
        FloatVector c11 = start(c, ci + ldc + L, bias, j + L, acc);
        FloatVector c20 = start(c, ci + 2 * ldc, bias, j, acc);
        FloatVector c21 = start(c, ci + 2 * ldc + L, bias, j + L, acc);
        FloatVector c30 = start(c, ci + 3 * ldc, bias, j, acc);
        FloatVector c31 = start(c, ci + 3 * ldc + L, bias, j + L, acc);
        int a0 = ai;
        int a1 = ai + ars;
        int a2 = ai + 2 * ars;
        int a3 = ai + 3 * ars;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v = FloatVector.broadcast(S, a[a0]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[a1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[a2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[a3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            a0 += acs;
            a1 += acs;
            a2 += acs;
            a3 += acs;
            bi += ldb;
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    private static void block8x2(int k, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb, float[] c, int ci,
            int ldc, float[] bias, int j, boolean acc) {
        FloatVector c00 = start(c, ci, bias, j, acc);
        FloatVector c01 = start(c, ci + L, bias, j + L, acc);
        FloatVector c10 = start(c, ci + ldc, bias, j, acc);
        FloatVector c11 = start(c, ci + ldc + L, bias, j + L, acc);
        FloatVector c20 = start(c, ci + 2 * ldc, bias, j, acc);
        FloatVector c21 = start(c, ci + 2 * ldc + L, bias, j + L, acc);
        FloatVector c30 = start(c, ci + 3 * ldc, bias, j, acc);
        FloatVector c31 = start(c, ci + 3 * ldc + L, bias, j + L, acc);
        FloatVector c40 = start(c, ci + 4 * ldc, bias, j, acc);
        FloatVector c41 = start(c, ci + 4 * ldc + L, bias, j + L, acc);
        FloatVector c50 = start(c, ci + 5 * ldc, bias, j, acc);
        FloatVector c51 = start(c, ci + 5 * ldc + L, bias, j + L, acc);
        FloatVector c60 = start(c, ci + 6 * ldc, bias, j, acc);
        FloatVector c61 = start(c, ci + 6 * ldc + L, bias, j + L, acc);
        FloatVector c70 = start(c, ci + 7 * ldc, bias, j, acc);
        FloatVector c71 = start(c, ci + 7 * ldc + L, bias, j + L, acc);
        int a0 = ai;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v = FloatVector.broadcast(S, a[a0]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[a0 + ars]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[a0 + 2 * ars]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[a0 + 3 * ars]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[a0 + 4 * ars]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[a0 + 5 * ars]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, a[a0 + 6 * ars]);
            c60 = v.fma(b0, c60);
            c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, a[a0 + 7 * ars]);
            c70 = v.fma(b0, c70);
            c71 = v.fma(b1, c71);
            a0 += acs;
            bi += ldb;
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /**
     * {@link #block8x2} on packed copies: A's sliver 8 values per k, B's panel 2L floats per k, both read at an index
     * that is a constant multiple of the loop counter, which lets C2 check the array bounds before the loop (the five
     * products of a 2x256 batch: 266-299 ms against 328-338 ms with the strided kernel on the same copies, on the
     * loaded VM).
     */
    private static void packed8x2(int k, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
            float[] bias, int j, boolean acc) {
        FloatVector c00 = start(c, ci, bias, j, acc);
        FloatVector c01 = start(c, ci + L, bias, j + L, acc);
        FloatVector c10 = start(c, ci + ldc, bias, j, acc);
        FloatVector c11 = start(c, ci + ldc + L, bias, j + L, acc);
        FloatVector c20 = start(c, ci + 2 * ldc, bias, j, acc);
        FloatVector c21 = start(c, ci + 2 * ldc + L, bias, j + L, acc);
        FloatVector c30 = start(c, ci + 3 * ldc, bias, j, acc);
        FloatVector c31 = start(c, ci + 3 * ldc + L, bias, j + L, acc);
        FloatVector c40 = start(c, ci + 4 * ldc, bias, j, acc);
        FloatVector c41 = start(c, ci + 4 * ldc + L, bias, j + L, acc);
        FloatVector c50 = start(c, ci + 5 * ldc, bias, j, acc);
        FloatVector c51 = start(c, ci + 5 * ldc + L, bias, j + L, acc);
        FloatVector c60 = start(c, ci + 6 * ldc, bias, j, acc);
        FloatVector c61 = start(c, ci + 6 * ldc + L, bias, j + L, acc);
        FloatVector c70 = start(c, ci + 7 * ldc, bias, j, acc);
        FloatVector c71 = start(c, ci + 7 * ldc + L, bias, j + L, acc);
        for (int p = 0; p < k; p++) {
            int x = ai + 8 * p;
            int y = bi + 2 * L * p;
            FloatVector b0 = FloatVector.fromArray(S, b, y);
            FloatVector b1 = FloatVector.fromArray(S, b, y + L);
            FloatVector v = FloatVector.broadcast(S, a[x]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[x + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[x + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[x + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[x + 4]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[x + 5]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, a[x + 6]);
            c60 = v.fma(b0, c60);
            c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, a[x + 7]);
            c70 = v.fma(b0, c70);
            c71 = v.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    private static void block1x2(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb, float[] c, int ci,
            float[] bias, int j, boolean acc) {
        FloatVector c0 = start(c, ci, bias, j, acc);
        FloatVector c1 = start(c, ci + L, bias, j + L, acc);
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.broadcast(S, a[ai]);
            c0 = v.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = v.fma(FloatVector.fromArray(S, b, bi + L), c1);
            ai += acs;
            bi += ldb;
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
    }

    private static void block1x1(int k, float[] a, int ai, int acs, float[] b, int bi, int ldb, float[] c, int ci,
            float[] bias, int j, boolean acc) {
        FloatVector c0 = start(c, ci, bias, j, acc);
        for (int p = 0; p < k; p++) {
            c0 = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), c0);
            ai += acs;
            bi += ldb;
        }
        c0.intoArray(c, ci);
    }

    /**
     * {@link Kernels#tanh(float)} a vector at a time: the same operations in the same order, multiply and add kept
     * apart (not fused) as Java's scalar arithmetic does, so the result is bit for bit the scalar one.
     */
    private static FloatVector tanh(FloatVector x) {
        FloatVector c = x.max(-TANH_CLAMP).min(TANH_CLAMP);
        FloatVector x2 = c.mul(c);
        FloatVector p = x2.mul(-2.76076847742355e-16f).add(2.00018790482477e-13f);
        p = p.mul(x2).add(-8.60467152213735e-11f);
        p = p.mul(x2).add(5.12229709037114e-08f);
        p = p.mul(x2).add(1.48572235717979e-05f);
        p = p.mul(x2).add(6.37261928875436e-04f);
        p = p.mul(x2).add(4.89352455891786e-03f);
        p = p.mul(c);
        FloatVector q = x2.mul(1.19825839466702e-06f).add(1.18534705686654e-04f);
        q = q.mul(x2).add(2.26843463243900e-03f);
        q = q.mul(x2).add(4.89352518554385e-03f);
        return p.div(q);
    }

    static void tanh(float[] v, int from, int to) {
        int k = from;
        for (; k + L <= to; k += L) {
            tanh(FloatVector.fromArray(S, v, k)).intoArray(v, k);
        }
        for (; k < to; k++) {
            v[k] = Kernels.tanh(v[k]);
        }
    }

    static void sigmoid(float[] v, int from, int to) {
        int k = from;
        for (; k + L <= to; k += L) {
            sigmoid(FloatVector.fromArray(S, v, k)).intoArray(v, k);
        }
        for (; k < to; k++) {
            v[k] = Kernels.sigmoid(v[k]);
        }
    }

    /**
     * As {@link Kernels#lstmCell}, bit for bit (same operations in the same order). In passes with one tanh each:
     * with five inlined in one loop C2 ran out of inlining budget and boxed the vectors between calls.
     */
    static void lstmCell(float[] z, int zo, float[] previous, int po, float[] cell, int co, float[] cellTanh, float[] h,
            int ho, int n) {
        tanh(z, zo, zo + n);
        sigmoid(z, zo + n, zo + 4 * n);
        int k = 0;
        for (; k + L <= n; k += L) {
            FloatVector f = FloatVector.fromArray(S, z, zo + n + k);
            FloatVector i = FloatVector.fromArray(S, z, zo + 3 * n + k);
            FloatVector a = FloatVector.fromArray(S, z, zo + k);
            f.mul(FloatVector.fromArray(S, previous, po + k)).add(i.mul(a)).intoArray(cell, co + k);
        }
        for (; k < n; k++) {
            cell[co + k] = z[zo + n + k] * previous[po + k] + z[zo + 3 * n + k] * z[zo + k];
        }
        System.arraycopy(cell, co, cellTanh, co, n);
        tanh(cellTanh, co, co + n);
        k = 0;
        for (; k + L <= n; k += L) {
            FloatVector.fromArray(S, z, zo + 2 * n + k).mul(FloatVector.fromArray(S, cellTanh, co + k)).intoArray(h, ho + k);
        }
        for (; k < n; k++) {
            h[ho + k] = z[zo + 2 * n + k] * cellTanh[co + k];
        }
    }

    private static FloatVector sigmoid(FloatVector x) {
        return tanh(x.mul(0.5f)).mul(0.5f).add(0.5f);
    }

    /** As {@link Kernels#lstmDelta}, bit for bit (same operations in the same order). */
    static void lstmDelta(float[] g, int go, float[] carry, float[] act, int ao, float[] cellTanh, int co,
            float[] previous, int po, float[] delta, int n) {
        int k = 0;
        for (; k + L <= n; k += L) {
            FloatVector a = FloatVector.fromArray(S, act, ao + k);
            FloatVector f = FloatVector.fromArray(S, act, ao + n + k);
            FloatVector o = FloatVector.fromArray(S, act, ao + 2 * n + k);
            FloatVector i = FloatVector.fromArray(S, act, ao + 3 * n + k);
            FloatVector tc = FloatVector.fromArray(S, cellTanh, co + k);
            FloatVector gk = FloatVector.fromArray(S, g, go + k);
            FloatVector cell = FloatVector.fromArray(S, carry, go + k)
                    .add(gk.mul(o).mul(tc.mul(tc).neg().add(1f)));
            cell.mul(i).mul(a.mul(a).neg().add(1f)).intoArray(delta, ao + k);
            cell.mul(FloatVector.fromArray(S, previous, po + k)).mul(f).mul(f.neg().add(1f)).intoArray(delta, ao + n + k);
            gk.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(delta, ao + 2 * n + k);
            cell.mul(a).mul(i).mul(i.neg().add(1f)).intoArray(delta, ao + 3 * n + k);
            cell.mul(f).intoArray(carry, go + k);
        }
        Kernels.scalarLstmDelta(g, go, carry, act, ao, cellTanh, co, previous, po, delta, k, n);
    }
}

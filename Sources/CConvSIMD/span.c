// Vector kernels for ConvKit's compute(). They exist because Swift can only target the
// baseline x86-64 (SSE2) without unsafe build flags; here each kernel carries its own target
// and is chosen at run time, so one binary runs everywhere and uses AVX-512 where it exists.
//
// The trace is the definition of every output, so these kernels must not change a single
// bit: sums start at +0 and take one product at a time in term order; vectors only run many
// outputs side by side. Contraction into fused multiply-adds would round differently, hence:
#pragma clang fp contract(off)

#include "CConvSIMD.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AT(t, i) ((const double *)(address[t] + offset) + (i))

// ---- AVX-512: 8 lanes; 4 filters × 32 columns = 16 running sums in registers ----

#define TARGET512 __attribute__((target("avx512f")))

TARGET512 static void span4_512(const intptr_t *address, intptr_t offset, long terms, const double *w,
                                long ws, double *out, long plane, long columns) {
    long i = 0;
    for (; i + 32 <= columns; i += 32) {
        __m512d s[4][4];
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 4; k++) s[j][k] = _mm512_setzero_pd();
        for (long t = 0; t < terms; t++) {
            const double *x = AT(t, i);
            __m512d x0 = _mm512_loadu_pd(x), x1 = _mm512_loadu_pd(x + 8);
            __m512d x2 = _mm512_loadu_pd(x + 16), x3 = _mm512_loadu_pd(x + 24);
            const double *wt = w + t * 4 * ws;
            for (int j = 0; j < 4; j++) {
                __m512d v = _mm512_set1_pd(wt[j * ws]);
                s[j][0] = _mm512_add_pd(s[j][0], _mm512_mul_pd(x0, v));
                s[j][1] = _mm512_add_pd(s[j][1], _mm512_mul_pd(x1, v));
                s[j][2] = _mm512_add_pd(s[j][2], _mm512_mul_pd(x2, v));
                s[j][3] = _mm512_add_pd(s[j][3], _mm512_mul_pd(x3, v));
            }
        }
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 4; k++) _mm512_storeu_pd(out + j * plane + i + 8 * k, s[j][k]);
    }
    for (; i + 8 <= columns; i += 8) {
        __m512d s0 = _mm512_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
        for (long t = 0; t < terms; t++) {
            __m512d x = _mm512_loadu_pd(AT(t, i));
            const double *wt = w + t * 4 * ws;
            s0 = _mm512_add_pd(s0, _mm512_mul_pd(x, _mm512_set1_pd(wt[0])));
            s1 = _mm512_add_pd(s1, _mm512_mul_pd(x, _mm512_set1_pd(wt[ws])));
            s2 = _mm512_add_pd(s2, _mm512_mul_pd(x, _mm512_set1_pd(wt[2 * ws])));
            s3 = _mm512_add_pd(s3, _mm512_mul_pd(x, _mm512_set1_pd(wt[3 * ws])));
        }
        _mm512_storeu_pd(out + i, s0);
        _mm512_storeu_pd(out + plane + i, s1);
        _mm512_storeu_pd(out + 2 * plane + i, s2);
        _mm512_storeu_pd(out + 3 * plane + i, s3);
    }
}

TARGET512 static void span1_512(const intptr_t *address, intptr_t offset, long terms, const double *w,
                                long ws, double *out, long columns) {
    long i = 0;
    for (; i + 64 <= columns; i += 64) {
        __m512d s[8];
        for (int k = 0; k < 8; k++) s[k] = _mm512_setzero_pd();
        for (long t = 0; t < terms; t++) {
            const double *x = AT(t, i);
            __m512d v = _mm512_set1_pd(w[t * ws]);
            for (int k = 0; k < 8; k++) s[k] = _mm512_add_pd(s[k], _mm512_mul_pd(_mm512_loadu_pd(x + 8 * k), v));
        }
        for (int k = 0; k < 8; k++) _mm512_storeu_pd(out + i + 8 * k, s[k]);
    }
    for (; i + 8 <= columns; i += 8) {
        __m512d s = _mm512_setzero_pd();
        for (long t = 0; t < terms; t++)
            s = _mm512_add_pd(s, _mm512_mul_pd(_mm512_loadu_pd(AT(t, i)), _mm512_set1_pd(w[t * ws])));
        _mm512_storeu_pd(out + i, s);
    }
}

// ---- AVX2: 4 lanes; 16 registers, so 4 filters × 12 columns = 12 running sums ----

#define TARGET256 __attribute__((target("avx2")))

TARGET256 static void span4_256(const intptr_t *address, intptr_t offset, long terms, const double *w,
                                long ws, double *out, long plane, long columns) {
    long i = 0;
    for (; i + 12 <= columns; i += 12) {
        __m256d s[4][3];
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 3; k++) s[j][k] = _mm256_setzero_pd();
        for (long t = 0; t < terms; t++) {
            const double *x = AT(t, i);
            __m256d x0 = _mm256_loadu_pd(x), x1 = _mm256_loadu_pd(x + 4), x2 = _mm256_loadu_pd(x + 8);
            const double *wt = w + t * 4 * ws;
            for (int j = 0; j < 4; j++) {
                __m256d v = _mm256_broadcast_sd(wt + j * ws);
                s[j][0] = _mm256_add_pd(s[j][0], _mm256_mul_pd(x0, v));
                s[j][1] = _mm256_add_pd(s[j][1], _mm256_mul_pd(x1, v));
                s[j][2] = _mm256_add_pd(s[j][2], _mm256_mul_pd(x2, v));
            }
        }
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 3; k++) _mm256_storeu_pd(out + j * plane + i + 4 * k, s[j][k]);
    }
    for (; i + 4 <= columns; i += 4) {
        __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
        for (long t = 0; t < terms; t++) {
            __m256d x = _mm256_loadu_pd(AT(t, i));
            const double *wt = w + t * 4 * ws;
            s0 = _mm256_add_pd(s0, _mm256_mul_pd(x, _mm256_broadcast_sd(wt)));
            s1 = _mm256_add_pd(s1, _mm256_mul_pd(x, _mm256_broadcast_sd(wt + ws)));
            s2 = _mm256_add_pd(s2, _mm256_mul_pd(x, _mm256_broadcast_sd(wt + 2 * ws)));
            s3 = _mm256_add_pd(s3, _mm256_mul_pd(x, _mm256_broadcast_sd(wt + 3 * ws)));
        }
        _mm256_storeu_pd(out + i, s0);
        _mm256_storeu_pd(out + plane + i, s1);
        _mm256_storeu_pd(out + 2 * plane + i, s2);
        _mm256_storeu_pd(out + 3 * plane + i, s3);
    }
}

TARGET256 static void span1_256(const intptr_t *address, intptr_t offset, long terms, const double *w,
                                long ws, double *out, long columns) {
    long i = 0;
    for (; i + 32 <= columns; i += 32) {
        __m256d s[8];
        for (int k = 0; k < 8; k++) s[k] = _mm256_setzero_pd();
        for (long t = 0; t < terms; t++) {
            const double *x = AT(t, i);
            __m256d v = _mm256_broadcast_sd(w + t * ws);
            for (int k = 0; k < 8; k++) s[k] = _mm256_add_pd(s[k], _mm256_mul_pd(_mm256_loadu_pd(x + 4 * k), v));
        }
        for (int k = 0; k < 8; k++) _mm256_storeu_pd(out + i + 4 * k, s[k]);
    }
    for (; i + 4 <= columns; i += 4) {
        __m256d s = _mm256_setzero_pd();
        for (long t = 0; t < terms; t++)
            s = _mm256_add_pd(s, _mm256_mul_pd(_mm256_loadu_pd(AT(t, i)), _mm256_broadcast_sd(w + t * ws)));
        _mm256_storeu_pd(out + i, s);
    }
}

static int detect(void) {
    __builtin_cpu_init();
    // __builtin_cpu_supports also checks that the OS saves the wide registers (XGETBV).
    if (__builtin_cpu_supports("avx512f")) return 8;
    if (__builtin_cpu_supports("avx2")) return 4;
    return 0;
}

int ccs_lanes(void) {
    // Threads may race to detect; they all store the same value.
    static int lanes = -1;
    int known = __atomic_load_n(&lanes, __ATOMIC_RELAXED);
    if (known < 0) {
        known = detect();
        __atomic_store_n(&lanes, known, __ATOMIC_RELAXED);
    }
    return known;
}

void ccs_span(int lanes, const intptr_t *address, intptr_t offset, long terms, const double *weights,
              long wstride, long filters, double *out, long plane, long columns) {
    if (lanes > ccs_lanes()) return;   // never run an instruction the CPU lacks
    if (lanes == 8) {
        if (filters == 4) span4_512(address, offset, terms, weights, wstride, out, plane, columns);
        else span1_512(address, offset, terms, weights, wstride, out, columns);
    } else if (lanes == 4) {
        if (filters == 4) span4_256(address, offset, terms, weights, wstride, out, plane, columns);
        else span1_256(address, offset, terms, weights, wstride, out, columns);
    }
}

#else

int ccs_lanes(void) { return 0; }

void ccs_span(int lanes, const intptr_t *address, intptr_t offset, long terms, const double *weights,
              long wstride, long filters, double *out, long plane, long columns) {
    (void)lanes; (void)address; (void)offset; (void)terms; (void)weights; (void)wstride;
    (void)filters; (void)out; (void)plane; (void)columns;
}

#endif

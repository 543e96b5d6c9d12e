#ifndef CCONVSIMD_H
#define CCONVSIMD_H

#include <stddef.h>
#include <stdint.h>

/// Doubles per vector of the widest unit this CPU and its OS support for the span kernels
/// below: 8 (AVX-512), 4 (AVX2) or 0 (none; the caller keeps its portable loops).
int ccs_lanes(void);

/// With `lanes` (8 or 4, at most ccs_lanes(); otherwise nothing is written), the running
/// sums of `columns` consecutive outputs (a multiple of `lanes`) for `filters`
/// filters (1 or 4), every sum started at +0 and added one product at a time in term order
/// (separate multiply and add, never fused), exactly as a scalar loop would.
///
/// Term t of the output in column i (i from 0) reads the double at byte address
/// `address[t] + offset + 8·i`; its weight for filter j is `weights[(t·filters + j)·wstride]`.
/// The sum of filter j, column i goes to `out[j·plane + i]`.
void ccs_span(int lanes, const intptr_t *address, intptr_t offset, long terms, const double *weights,
              long wstride, long filters, double *out, long plane, long columns);

#endif

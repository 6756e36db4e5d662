/*
 * PaiNN energy and analytic forces (resources/MODEL_FORMAT.md) for a ragged batch of molecules.
 * Mirrors ReferencePainn's forward and hand-written backward pass kernel by kernel.
 *
 * Precision: `real` is float (mixed mode) or double (-D CDKNNP_DOUBLE). `acc_t` is the type of the
 * per-pair gradient accumulated over blocks and of the per-atom force sums: double whenever the device
 * has fp64 (-D CDKNNP_FP64), as in OpenMM's "mixed" precision.
 *
 * Layouts (row-major, feature index fastest so neighbouring work-items touch neighbouring addresses):
 *   scalars s [N][F], vectors v [N][3][F], context output x [N][3F], filter output [P][3F],
 *   pair geometry [P][8] = (d, ux, uy, uz, fc, dfc/dd, 0, 0), rbf [P][ldr] (K used, ldr >= K).
 * Atoms of all molecules are concatenated; pairs (i < j, one per neighbour pair) likewise; the directed
 * edges are a CSR by receiving atom (rowStart [N+1], nbr [E], epair [E]) so every per-atom sum is a
 * gather in a fixed order: no atomics, deterministic results.
 * Pair ranges are launched over the capacity of the pair buffers; pairCount[0], on the device, is the number
 * of pairs in use (when the list is built on the device the host does not know it), and pair rows beyond it
 * are neither read nor written.
 */
#ifdef CDKNNP_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double acc_t;
#else
typedef float acc_t;
#endif
#ifdef CDKNNP_DOUBLE
typedef double real;
#else
typedef float real;
#endif

/*
 * The pair kernels handle VW consecutive channels per work-item (-D VW=8, 4 or 1, F % VW == 0): explicit
 * SIMD on CPUs, wide loads on GPUs. rv is the channel vector, VL/VS load and store one at p.
 */
#ifndef VW
#define VW 1
#endif
#ifdef CDKNNP_DOUBLE
typedef double8 real8;
typedef double4 real4;
#else
typedef float8 real8;
typedef float4 real4;
#endif
#if VW == 8
typedef real8 rv;
#define VL(p) vload8(0, (p))
#define VS(v, p) vstore8((v), 0, (p))
inline real hsum(rv v) { return (v.s0 + v.s1) + (v.s2 + v.s3) + (v.s4 + v.s5) + (v.s6 + v.s7); }
#elif VW == 4
typedef real4 rv;
#define VL(p) vload4(0, (p))
#define VS(v, p) vstore4((v), 0, (p))
inline real hsum(rv v) { return (v.s0 + v.s1) + (v.s2 + v.s3); }
#else
typedef real rv;
#define VL(p) (*(p))
#define VS(v, p) (*(p) = (v))
inline real hsum(rv v) { return v; }
#endif

#define PI_R ((real) 3.14159265358979323846)

inline real silu(real x) { return x / ((real) 1 + exp(-x)); }

inline real silu_grad(real x) {
    real s = (real) 1 / ((real) 1 + exp(-x));
    return s * ((real) 1 + x * ((real) 1 - s));
}

/*
 * y[r][o] (+)= b[o] + sum_i x[r][i] * m[i][o]: every dense layer, forward (m = W transposed, [in][out])
 * and backward (m = W as stored, [out][in], mapping output gradients to input gradients). Rows: the first
 * min(maxRows, rowLimit[0]) (rowLimit is pairCount for pair rows).
 * 2D range: dimension 0 = output o (work-group size divides nout), dimension 1 = blocks of ROWS rows.
 * Each work-item keeps ROWS accumulators, so every weight it loads (coalesced across the work-group)
 * serves ROWS rows; x[r][i] is the same address for the whole work-group (a broadcast).
 */
#define ROWS 8
__kernel void linear(__global const real* x, const int ldx, __global const real* m, __global const real* b,
        const int hasBias, __global real* y, const int ldy, const int maxRows, __global const int* rowLimit,
        const int nin, const int nout, const int accumulate) {
    const int rows = min(maxRows, rowLimit[0]);
    const int o = get_global_id(0);
    const int r0 = get_global_id(1) * ROWS;
    const int nr = min(ROWS, rows - r0);
    if (nr <= 0) {
        return;
    }
    const real bias = hasBias ? b[o] : (real) 0;
    real acc[ROWS];
    for (int r = 0; r < ROWS; r++) {
        acc[r] = bias;
    }
    __global const real* xr = x + (size_t) r0 * ldx;
    if (nr == ROWS) {
        for (int i = 0; i < nin; i++) {
            const real w = m[(size_t) i * nout + o];
            for (int r = 0; r < ROWS; r++) {
                acc[r] = fma(xr[(size_t) r * ldx + i], w, acc[r]);
            }
        }
    } else {
        for (int i = 0; i < nin; i++) {
            const real w = m[(size_t) i * nout + o];
            for (int r = 0; r < nr; r++) {
                acc[r] = fma(xr[(size_t) r * ldx + i], w, acc[r]);
            }
        }
    }
    for (int r = 0; r < nr; r++) {
        __global real* out = y + (size_t) (r0 + r) * ldy + o;
        *out = accumulate ? *out + acc[r] : acc[r];
    }
}

/*
 * The same product with VN consecutive outputs per work-item in vector registers (nout % VN == 0) and NR = 4 or 8
 * rows in named accumulators (a0, a1, ...): each weight vector loaded serves NR rows. Explicit SIMD for CPU OpenCL
 * (PoCL does not vectorize across work-items around an inner loop; named accumulators stay in registers where an
 * indexed array did not) and wide loads on GPUs. Rows past the end re-read the last row and are not stored.
 * 2D range: (nout / VN, row blocks of NR). FOR_ROWS lists the rows of a block: LN_ROWS4 or LN_ROWS8 applies a
 * row macro M(k, A, B) to each row k.
 */
#define LN_ROWS4(M, A, B) M(0, A, B) M(1, A, B) M(2, A, B) M(3, A, B)
#define LN_ROWS8(M, A, B) LN_ROWS4(M, A, B) M(4, A, B) M(5, A, B) M(6, A, B) M(7, A, B)
#define LN_DECLARE(k, RVEC, UNUSED) RVEC a##k = bias; __global const real* x##k = x + (size_t) min(r0 + k, last) * ldx;
#define LN_ACCUMULATE(k, RVEC, UNUSED) a##k = fma((RVEC) (x##k[i]), w, a##k);
#define LN_STORE(k, VLOAD, VSTORE)                                                                           \
    if (r0 + k < rows) {                                                                                     \
        __global real* out = y + (size_t) (r0 + k) * ldy + o;                                                \
        VSTORE(accumulate ? VLOAD(0, out) + a##k : a##k, 0, out);                                            \
    }
#define LINEAR_NAMED(NAME, VN, NR, FOR_ROWS, RVEC, VLOAD, VSTORE)                                            \
__kernel void NAME(__global const real* x, const int ldx, __global const real* m, __global const real* b,     \
        const int hasBias, __global real* y, const int ldy, const int maxRows, __global const int* rowLimit,  \
        const int nin, const int nout, const int accumulate) {                                               \
    const int rows = min(maxRows, rowLimit[0]);                                                              \
    const int o = get_global_id(0) * VN;                                                                     \
    const int r0 = get_global_id(1) * NR;                                                                    \
    if (r0 >= rows) {                                                                                        \
        return;                                                                                              \
    }                                                                                                        \
    const int last = rows - 1;                                                                               \
    const RVEC bias = hasBias ? VLOAD(0, b + o) : (RVEC) (0);                                                \
    FOR_ROWS(LN_DECLARE, RVEC, RVEC)                                                                         \
    __global const real* mp = m + o;                                                                         \
    for (int i = 0; i < nin; i++) {                                                                          \
        const RVEC w = VLOAD(0, mp);                                                                         \
        mp += nout;                                                                                          \
        FOR_ROWS(LN_ACCUMULATE, RVEC, RVEC)                                                                  \
    }                                                                                                        \
    FOR_ROWS(LN_STORE, VLOAD, VSTORE)                                                                        \
}

#ifdef CDKNNP_DOUBLE
LINEAR_NAMED(linear16, 16, 4, LN_ROWS4, double16, vload16, vstore16)
LINEAR_NAMED(linear8, 8, 8, LN_ROWS8, double8, vload8, vstore8)
LINEAR_NAMED(linear4, 4, 8, LN_ROWS8, double4, vload4, vstore4)
#else
LINEAR_NAMED(linear16, 16, 4, LN_ROWS4, float16, vload16, vstore16)
LINEAR_NAMED(linear8, 8, 8, LN_ROWS8, float8, vload8, vstore8)
LINEAR_NAMED(linear4, 4, 8, LN_ROWS8, float4, vload4, vstore4)
#endif

/* out = silu(in), elementwise. */
__kernel void silu_apply(__global const real* in, __global real* out, const int n) {
    const int k = get_global_id(0);
    if (k < n) {
        out[k] = silu(in[k]);
    }
}

/* g *= silu'(pre), elementwise. */
__kernel void silu_backward(__global real* g, __global const real* pre, const int n) {
    const int k = get_global_id(0);
    if (k < n) {
        g[k] *= silu_grad(pre[k]);
    }
}

__kernel void fill_zero(__global real* a, const int n) {
    const int k = get_global_id(0);
    if (k < n) {
        a[k] = (real) 0;
    }
}

__kernel void fill_zero_acc(__global acc_t* a, const int n) {
    const int k = get_global_id(0);
    if (k < n) {
        a[k] = (acc_t) 0;
    }
}

/* s = embedding[element], v = 0; 2D range (channel, atom). */
__kernel void embed(__global const int* element, __global const real* embedding, __global real* s,
        __global real* v, const int natoms, const int F) {
    const int c = get_global_id(0);
    const int i = get_global_id(1);
    const int gid = i * F + c;
    s[gid] = embedding[element[i] * F + c];
    for (int a = 0; a < 3; a++) {
        v[(i * 3 + a) * F + c] = (real) 0;
    }
}

/* Distance, direction, cosine cutoff and Gaussian radial basis of every pair (rij = R_j - R_i, rounded from float64). */
__kernel void pair_geometry(__global const real* rij, __global const int* pairCount, const real cutoff, const int K,
        const int ldr, const real gamma, __global real* geom, __global real* rbf) {
    const int p = get_global_id(0);
    if (p >= pairCount[0]) {
        return;
    }
    const real x = rij[3 * p], y = rij[3 * p + 1], z = rij[3 * p + 2];
    const real d = sqrt(x * x + y * y + z * z);
    __global real* g = geom + 8 * p;
    g[0] = d;
    g[1] = x / d;
    g[2] = y / d;
    g[3] = z / d;
    g[4] = (real) 0.5 * (cos(PI_R * d / cutoff) + (real) 1);
    g[5] = (real) -0.5 * PI_R / cutoff * sin(PI_R * d / cutoff);
    g[6] = (real) 0;
    g[7] = (real) 0;
    const real width = cutoff / (real) (K - 1);
    for (int k = 0; k < K; k++) {
        const real delta = d - (real) k * width;
        rbf[(size_t) p * ldr + k] = exp(-gamma * delta * delta);
    }
}

/*
 * Interaction: s_i' = s_i + sum_j a_ij, v_i' = v_i + sum_j (b_ij u_ij + c_ij v_j) with (a, b, c) = x_j * filter * fc.
 * 2D range (channel block c of VW channels, atom i): a work-group is one atom's channels, so the loop over
 * its neighbours is uniform across the group and feature reads are coalesced. u points from receiver to sender.
 */
__kernel void message(__global const int* rowStart, __global const int* nbr, __global const int* epair,
        __global const real* geom, __global const real* filt, __global const real* x, __global const real* s,
        __global const real* v, __global real* sOut, __global real* vOut, const int natoms, const int F) {
    const int c = get_global_id(0) * VW;
    const int i = get_global_id(1);
    rv sa = VL(s + i * F + c);
    rv v0 = VL(v + (i * 3) * F + c), v1 = VL(v + (i * 3 + 1) * F + c), v2 = VL(v + (i * 3 + 2) * F + c);
    for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
        const int j = nbr[e];
        const int p = epair[e];
        __global const real* g = geom + 8 * p;
        const real fcut = g[4];
        const real fsign = i < j ? fcut : -fcut;
        __global const real* xj = x + (size_t) j * 3 * F + c;
        __global const real* fp = filt + (size_t) p * 3 * F + c;
        const rv b = VL(xj + F) * VL(fp + F) * fsign;
        const rv cc = VL(xj + 2 * F) * VL(fp + 2 * F) * fcut;
        sa += VL(xj) * VL(fp) * fcut;
        v0 += b * g[1] + cc * VL(v + (j * 3) * F + c);
        v1 += b * g[2] + cc * VL(v + (j * 3 + 1) * F + c);
        v2 += b * g[3] + cc * VL(v + (j * 3 + 2) * F + c);
    }
    VS(sa, sOut + i * F + c);
    VS(v0, vOut + (i * 3) * F + c);
    VS(v1, vOut + (i * 3 + 1) * F + c);
    VS(v2, vOut + (i * 3 + 2) * F + c);
}

/*
 * Mixing, first half: from vw = channel(v) [N][3][2F] (V then W), writes ctx = [s, |V|] [N][2F] and
 * normDot = [|V|, V.W] [N][2F]. 2D range (channel, atom).
 */
__kernel void mix_context(__global const real* s, __global const real* vw, __global real* ctx,
        __global real* normDot, const int natoms, const int F) {
    const int c = get_global_id(0);
    const int i = get_global_id(1);
    const int gid = i * F + c;
    real sq = (real) 0, dot = (real) 0;
    for (int a = 0; a < 3; a++) {
        const real vv = vw[(i * 3 + a) * 2 * F + c];
        const real ww = vw[(i * 3 + a) * 2 * F + F + c];
        sq += vv * vv;
        dot += vv * ww;
    }
    const real norm = sqrt(sq + (real) 1e-8);
    ctx[i * 2 * F + c] = s[gid];
    ctx[i * 2 * F + F + c] = norm;
    normDot[i * 2 * F + c] = norm;
    normDot[i * 2 * F + F + c] = dot;
}

/* Mixing, second half: s' = s + p + r (V.W), v' = v + q W with (p, q, r) = y [N][3F]. */
__kernel void mix_update(__global const real* s, __global const real* v, __global const real* vw,
        __global const real* normDot, __global const real* y, __global real* sOut, __global real* vOut,
        const int natoms, const int F) {
    const int c = get_global_id(0);
    const int i = get_global_id(1);
    const int gid = i * F + c;
    __global const real* yi = y + (size_t) i * 3 * F;
    sOut[gid] = s[gid] + yi[c] + yi[2 * F + c] * normDot[i * 2 * F + F + c];
    for (int a = 0; a < 3; a++) {
        vOut[(i * 3 + a) * F + c] = v[(i * 3 + a) * F + c] + yi[F + c] * vw[(i * 3 + a) * 2 * F + F + c];
    }
}

/*
 * Readout: atomic energy scale * (w2 . silu(h) + b2) from h = w1 s + b1 [N][H], and dh = de/dh for the backward pass.
 */
__kernel void readout(__global const real* h, __global const real* w2, const real b2, const real scale,
        __global real* energy, __global real* dh, const int natoms, const int H) {
    const int i = get_global_id(0);
    if (i >= natoms) {
        return;
    }
    real out = b2;
    for (int k = 0; k < H; k++) {
        const real hk = h[i * H + k];
        out += w2[k] * silu(hk);
        dh[i * H + k] = scale * w2[k] * silu_grad(hk);
    }
    energy[i] = scale * out;
}

/*
 * Mixing backward, first half. In: ds, dv (gradients w.r.t. the mixing output). Out: dy [N][3F] and
 * dvw [N][3][2F] (the part not going through |V|).
 */
__kernel void mix_backward1(__global const real* ds, __global const real* dv, __global const real* vw,
        __global const real* normDot, __global const real* y, __global real* dy, __global real* dvw,
        const int natoms, const int F) {
    const int c = get_global_id(0);
    const int i = get_global_id(1);
    const int gid = i * F + c;
    __global const real* yi = y + (size_t) i * 3 * F;
    const real dsc = ds[gid];
    const real dDot = dsc * yi[2 * F + c];
    real dq = (real) 0;
    for (int a = 0; a < 3; a++) {
        const real g = dv[(i * 3 + a) * F + c];
        const real vv = vw[(i * 3 + a) * 2 * F + c];
        const real ww = vw[(i * 3 + a) * 2 * F + F + c];
        dq += g * ww;
        dvw[(i * 3 + a) * 2 * F + F + c] = g * yi[F + c] + dDot * vv;
        dvw[(i * 3 + a) * 2 * F + c] = dDot * ww;
    }
    dy[i * 3 * F + c] = dsc;
    dy[i * 3 * F + F + c] = dq;
    dy[i * 3 * F + 2 * F + c] = dsc * normDot[i * 2 * F + F + c];
}

/* Mixing backward, second half: ds += dctx[:F]; dvw_V += dctx[F:] V / |V|. */
__kernel void mix_backward2(__global real* ds, __global const real* dctx, __global const real* vw,
        __global const real* normDot, __global real* dvw, const int natoms, const int F) {
    const int c = get_global_id(0);
    const int i = get_global_id(1);
    const int gid = i * F + c;
    ds[gid] += dctx[i * 2 * F + c];
    const real dn = dctx[i * 2 * F + F + c] / normDot[i * 2 * F + c];
    for (int a = 0; a < 3; a++) {
        dvw[(i * 3 + a) * 2 * F + c] += dn * vw[(i * 3 + a) * 2 * F + c];
    }
}

/*
 * Interaction backward, per sending atom j and channel block c (a gather over j's row: the reverse edges
 * carry the same pair). Writes dx [N][3F] = dE/dx_j and dvOut = dv + the gradient through c_ij v_j.
 */
__kernel void edge_backward(__global const int* rowStart, __global const int* nbr, __global const int* epair,
        __global const real* geom, __global const real* filt, __global const real* x, __global const real* v,
        __global const real* ds, __global const real* dv, __global real* dx, __global real* dvOut,
        const int natoms, const int F) {
    const int c = get_global_id(0) * VW;
    const int j = get_global_id(1);
    const rv xc = VL(x + (size_t) j * 3 * F + 2 * F + c);
    const rv vj0 = VL(v + (j * 3) * F + c), vj1 = VL(v + (j * 3 + 1) * F + c), vj2 = VL(v + (j * 3 + 2) * F + c);
    rv dxa = (rv) (0), dxb = (rv) (0), dxc = (rv) (0);
    rv o0 = VL(dv + (j * 3) * F + c), o1 = VL(dv + (j * 3 + 1) * F + c), o2 = VL(dv + (j * 3 + 2) * F + c);
    for (int e = rowStart[j]; e < rowStart[j + 1]; e++) {
        const int i = nbr[e];
        const int p = epair[e];
        __global const real* g = geom + 8 * p;
        __global const real* fp = filt + (size_t) p * 3 * F + c;
        const real fcut = g[4];
        const real fsign = i < j ? fcut : -fcut;
        const rv g0 = VL(dv + (i * 3) * F + c), g1 = VL(dv + (i * 3 + 1) * F + c), g2 = VL(dv + (i * 3 + 2) * F + c);
        const rv wc = VL(fp + 2 * F) * fcut;
        dxa += VL(ds + i * F + c) * VL(fp) * fcut;
        dxb += (g0 * g[1] + g1 * g[2] + g2 * g[3]) * VL(fp + F) * fsign;
        dxc += (g0 * vj0 + g1 * vj1 + g2 * vj2) * wc;
        const rv k = xc * wc;
        o0 += g0 * k;
        o1 += g1 * k;
        o2 += g2 * k;
    }
    VS(dxa, dx + j * 3 * F + c);
    VS(dxb, dx + j * 3 * F + F + c);
    VS(dxc, dx + j * 3 * F + 2 * F + c);
    VS(o0, dvOut + (j * 3) * F + c);
    VS(o1, dvOut + (j * 3 + 1) * F + c);
    VS(o2, dvOut + (j * 3 + 2) * F + c);
}

/*
 * Interaction backward, gradient w.r.t. the cut filter w of pair p (both directions summed), per
 * (channel block, pair): dw [P][3F].
 */
__kernel void pair_filter_grad(__global const int* pairI, __global const int* pairJ, __global const real* geom,
        __global const real* x, __global const real* v, __global const real* ds, __global const real* dv,
        __global real* dw, __global const int* pairCount, const int F) {
    const int c = get_global_id(0) * VW;
    const int p = get_global_id(1);
    if (p >= pairCount[0]) {
        return;
    }
    __global const real* g = geom + 8 * p;
    rv dwa = (rv) (0), dwb = (rv) (0), dwc = (rv) (0);
    for (int dir = 0; dir < 2; dir++) {
        const int r = dir == 0 ? pairI[p] : pairJ[p];
        const int s = dir == 0 ? pairJ[p] : pairI[p];
        const real sign = dir == 0 ? (real) 1 : (real) -1;
        const rv g0 = VL(dv + (r * 3) * F + c), g1 = VL(dv + (r * 3 + 1) * F + c), g2 = VL(dv + (r * 3 + 2) * F + c);
        __global const real* xs = x + (size_t) s * 3 * F + c;
        dwa += VL(ds + r * F + c) * VL(xs);
        dwb += (g0 * g[1] + g1 * g[2] + g2 * g[3]) * VL(xs + F) * sign;
        dwc += (g0 * VL(v + (s * 3) * F + c) + g1 * VL(v + (s * 3 + 1) * F + c) + g2 * VL(v + (s * 3 + 2) * F + c))
                * VL(xs + 2 * F);
    }
    __global real* out = dw + (size_t) p * 3 * F + c;
    VS(dwa, out);
    VS(dwb, out + F);
    VS(dwc, out + 2 * F);
}

/*
 * Interaction backward, per pair: chain dw through the cutoff, the radial basis (dRbf = filter^T dw, before
 * the cutoff factor) and the direction u into dE/dr_ij, added to grad [P][3] (summed over blocks).
 */
__kernel void pair_position_grad(__global const int* pairI, __global const int* pairJ, __global const real* geom,
        __global const real* rbf, __global const real* filt, __global const real* dw, __global const real* dRbf,
        __global const real* x, __global const real* dv, __global acc_t* grad, __global const int* pairCount,
        const int F, const int K, const int ldr, const real cutoff, const real gamma) {
    const int p = get_global_id(0);
    if (p >= pairCount[0]) {
        return;
    }
    __global const real* g = geom + 8 * p;
    const real d = g[0], fc = g[4];
    __global const real* fp = filt + (size_t) p * 3 * F;
    __global const real* dwp = dw + (size_t) p * 3 * F;
    rv cut = (rv) (0);
    for (int c = 0; c < 3 * F; c += VW) {
        cut += VL(dwp + c) * VL(fp + c);
    }
    real dd = g[5] * hsum(cut);
    const real width = cutoff / (real) (K - 1);
    for (int k = 0; k < K; k++) {
        const real delta = d - (real) k * width;
        dd += fc * dRbf[(size_t) p * ldr + k] * rbf[(size_t) p * ldr + k] * ((real) -2 * gamma * delta);
    }
    rv du0 = (rv) (0), du1 = (rv) (0), du2 = (rv) (0);
    for (int dir = 0; dir < 2; dir++) {
        const int r = dir == 0 ? pairI[p] : pairJ[p];
        const int s = dir == 0 ? pairJ[p] : pairI[p];
        const real sfc = dir == 0 ? fc : -fc;
        __global const real* xs = x + (size_t) s * 3 * F + F;
        for (int c = 0; c < F; c += VW) {
            const rv k = VL(xs + c) * VL(fp + F + c) * sfc;
            du0 += VL(dv + (r * 3) * F + c) * k;
            du1 += VL(dv + (r * 3 + 1) * F + c) * k;
            du2 += VL(dv + (r * 3 + 2) * F + c) * k;
        }
    }
    const real u0 = hsum(du0), u1 = hsum(du1), u2 = hsum(du2);
    const real udu = g[1] * u0 + g[2] * u1 + g[3] * u2;
    grad[3 * p] += (acc_t) (dd * g[1] + (u0 - udu * g[1]) / d);
    grad[3 * p + 1] += (acc_t) (dd * g[2] + (u1 - udu * g[2]) / d);
    grad[3 * p + 2] += (acc_t) (dd * g[3] + (u2 - udu * g[3]) / d);
}

/* F_i = -dE/dR_i = sum over i's pairs of +grad (i first) or -grad (i second), summed in acc_t. */
__kernel void atom_forces(__global const int* rowStart, __global const int* nbr, __global const int* epair,
        __global const acc_t* grad, __global acc_t* forces, const int natoms) {
    const int i = get_global_id(0);
    if (i >= natoms) {
        return;
    }
    acc_t f0 = (acc_t) 0, f1 = (acc_t) 0, f2 = (acc_t) 0;
    for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
        const int p = epair[e];
        const acc_t sign = i < nbr[e] ? (acc_t) 1 : (acc_t) -1;
        f0 += sign * grad[3 * p];
        f1 += sign * grad[3 * p + 1];
        f2 += sign * grad[3 * p + 2];
    }
    forces[3 * i] = f0;
    forces[3 * i + 1] = f1;
    forces[3 * i + 2] = f2;
}

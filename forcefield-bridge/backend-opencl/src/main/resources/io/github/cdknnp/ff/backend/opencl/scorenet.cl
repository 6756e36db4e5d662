/*
 * ConfGF score network (ScoreNetParameters; ReferenceScoreNet is the definition) for all C conformers of one
 * molecular graph in one launch sequence. Compiled in one program after painn.cl, whose `real`, `rv`/VL/VS
 * (VW channels per work-item), silu and dense kernels (linear, linear4/8/16) it uses.
 *
 * Layouts (row-major, feature index fastest): node rows c*N + i, edge rows c*E + e;
 * h, x [C*N][H], edge features [C*E][H], head input [C*E][2H], scores [C*E].
 * The graph, uploaded once per bind: atomType [N], edgeType, edgeI, edgeJ [E] (i < j), and the edges
 * incident to each atom as a CSR (rowStart [N+1], other end nbr [2E], edge inc [2E]) in edge order, so every
 * GIN sum is a gather in a fixed order: no atomics, and a conformer's result does not depend on C.
 * Elementwise kernels run over 2D ranges (feature k, row r): no integer division per work-item.
 */

inline rv silu_rv(rv x) { return x / ((real) 1 + exp(-x)); }

/* t[r][k] = silu(w[0][k] d_r + w[1][k] ln(sigma) + b[k]): the distance MLP's first layer (w is [2][H]). */
__kernel void score_distance(__global const real* lengths, const real logSigma, __global const real* w,
        __global const real* b, __global real* t, const int H) {
    const int k = get_global_id(0);
    const int r = get_global_id(1);
    t[(size_t) r * H + k] = silu(b[k] + w[k] * lengths[r] + w[H + k] * logSigma);
}

/* e[r][k] *= edgeEmbedding[edgeType[r mod E]][k]: the edge feature. */
__kernel void score_edge_type(__global real* e, __global const int* edgeType, __global const real* edgeEmbedding,
        const int E, const int H) {
    const int k = get_global_id(0);
    const int r = get_global_id(1);
    e[(size_t) r * H + k] *= edgeEmbedding[edgeType[r % E] * H + k];
}

/* h[r][k] = atomEmbedding[atomType[r mod N]][k]. */
__kernel void score_embed(__global const int* atomType, __global const real* atomEmbedding, __global real* h,
        const int N, const int H) {
    const int k = get_global_id(0);
    const int r = get_global_id(1);
    h[(size_t) r * H + k] = atomEmbedding[atomType[r % N] * H + k];
}

/* GIN input x_i = h_i + sum_j silu(h_j + e_ij) over atom i's CSR row; VW channels per work-item, n = C*N*H/VW. */
__kernel void score_aggregate(__global const int* rowStart, __global const int* nbr, __global const int* inc,
        __global const real* h, __global const real* e, __global real* x, const int N, const int E, const int H,
        const int n) {
    const int q = get_global_id(0);
    if (q >= n) {
        return;
    }
    const int chunks = H / VW;
    const int row = q / chunks;
    const int k = (q - row * chunks) * VW;
    const int c = row / N;
    const int i = row - c * N;
    __global const real* hc = h + (size_t) c * N * H + k;
    __global const real* ec = e + (size_t) c * E * H + k;
    rv acc = VL(hc + (size_t) i * H);
    for (int s = rowStart[i]; s < rowStart[i + 1]; s++) {
        acc += silu_rv(VL(hc + (size_t) nbr[s] * H) + VL(ec + (size_t) inc[s] * H));
    }
    VS(acc, x + (size_t) row * H + k);
}

/* Head input f_r = [h_i * h_j, e_r] of edge r = c*E + e (ends i, j). */
__kernel void score_pair_features(__global const int* edgeI, __global const int* edgeJ, __global const real* h,
        __global const real* e, __global real* f, const int N, const int E, const int H) {
    const int k = get_global_id(0);
    const int r = get_global_id(1);
    const int c = r / E;
    const int edge = r - c * E;
    __global const real* hc = h + (size_t) c * N * H + k;
    __global real* out = f + (size_t) r * 2 * H + k;
    out[0] = hc[(size_t) edgeI[edge] * H] * hc[(size_t) edgeJ[edge] * H];
    out[H] = e[(size_t) r * H + k];
}

/* s_r = (b + sum_k w[k] silu(a[r][k])) / sigma: the head's last layer on the SiLU of its second; n = C*E rows. */
__kernel void score_head(__global const real* a, __global const real* w, const real b, const real sigma,
        __global real* s, const int H2, const int n) {
    const int r = get_global_id(0);
    if (r >= n) {
        return;
    }
    __global const real* ar = a + (size_t) r * H2;
    rv acc = (rv) (0);
    int k = 0;
    for (; k + VW <= H2; k += VW) {
        acc = fma(VL(w + k), silu_rv(VL(ar + k)), acc);
    }
    real sum = b + hsum(acc);
    for (; k < H2; k++) {
        sum = fma(w[k], silu(ar[k]), sum);
    }
    s[r] = sum / sigma;
}

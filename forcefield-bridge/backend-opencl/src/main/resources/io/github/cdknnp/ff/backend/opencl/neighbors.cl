/* Device neighbour lists (compiled after painn.cl, whose header defines real). */
#ifdef CDKNNP_FP64
/*
 * Neighbour list of a ragged batch on the device. Atom i's molecule is atoms span[2i] .. span[2i+1]
 * (exclusive); pos [N][3] in float64. A pair i < j of one molecule is kept when |R_j - R_i|^2 < cutoff^2,
 * evaluated in float64 without contraction exactly as NeighborList does on the host, so both give the same
 * pairs. Fixed order, the host's too: pairs by (i, j); each CSR row by ascending neighbour.
 *   nbl_count      per atom: (degree, neighbours above it) by tiled all-pairs over its molecule, then an
 *                  exclusive scan within the work-group (offsets [N], group totals [groups])
 *   nbl_scan       one work-group: exclusive scan of the group totals; pairCount = (in use, needed)
 *   nbl_fill       per atom: rowStart, its row (nbr ascending), its pairs (i, j > i) with rij and their epair
 *   nbl_transpose  per pair: epair of the reverse edge (binary search in j's sorted row)
 * When the batch has more pairs than the buffers' capacity, pairCount[0] is 0 and every row is empty: the
 * evaluation does no pair work and the host repeats it with the capacity pairCount[1].
 */

/* |R_j - R_i|^2 < cut2 with R_j staged in local memory, in float64 without fma, as NeighborList computes it. */
inline bool nbl_within(const double xi, const double yi, const double zi, __local const double* rj, const double cut2) {
#pragma OPENCL FP_CONTRACT OFF
    const double dx = rj[0] - xi;
    const double dy = rj[1] - yi;
    const double dz = rj[2] - zi;
    return dx * dx + dy * dy + dz * dz < cut2;
}

/*
 * Atom i's neighbours in ascending order: (degree, neighbours above i). The work-group walks the atoms of the
 * molecules its atoms belong to in tiles of G positions, each staged in local memory by one coalesced load;
 * every work-item tests the tile's atoms of its own molecule. With fill set, also writes row i from edge and
 * the pairs (i, j > i) from pair: nbr, epair of those pairs, pairI, pairJ and rij = R_j - R_i (rounded once).
 */
inline int2 nbl_walk(__global const double* pos, __global const int* span, const int natoms, const double cut2,
        __local double* tile, const int fill, const int edge, const int pair, __global int* nbr, __global int* epair,
        __global int* pairI, __global int* pairJ, __global real* rij) {
    const int G = get_local_size(0);
    const int li = get_local_id(0);
    const int i = get_global_id(0);
    const int first = i - li;
    const int lo = span[2 * first];
    const int hi = span[2 * (min(first + G, natoms) - 1) + 1];
    const bool own = i < natoms;
    const int start = own ? span[2 * i] : 0;
    const int end = own ? span[2 * i + 1] : 0;
    const double xi = own ? pos[3 * i] : 0, yi = own ? pos[3 * i + 1] : 0, zi = own ? pos[3 * i + 2] : 0;
    int degree = 0, above = 0;
    for (int t = lo; t < hi; t += G) {
        const int len = min(G, hi - t);
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = li; k < 3 * len; k += G) {
            tile[k] = pos[3 * t + k];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        const int to = min(end, t + len) - t;
        for (int k = max(start, t) - t; k < to; k++) {
            const int j = t + k;
            if (j == i || !nbl_within(xi, yi, zi, tile + 3 * k, cut2)) {
                continue;
            }
            if (fill) {
                nbr[edge + degree] = j;
                if (j > i) {
                    const int q = pair + above;
                    epair[edge + degree] = q;
                    pairI[q] = i;
                    pairJ[q] = j;
                    rij[3 * q] = (real) (tile[3 * k] - xi);
                    rij[3 * q + 1] = (real) (tile[3 * k + 1] - yi);
                    rij[3 * q + 2] = (real) (tile[3 * k + 2] - zi);
                }
            }
            degree++;
            above += j > i;
        }
    }
    return (int2) (degree, above);
}

/* Inclusive scan of v over the work-group (Hillis-Steele in local memory); s[G - 1] is the total on return. */
inline int2 nbl_scan_group(__local int2* s, const int2 v) {
    const int li = get_local_id(0);
    s[li] = v;
    for (int d = 1; d < get_local_size(0); d <<= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        const int2 add = li >= d ? s[li - d] : (int2) (0, 0);
        barrier(CLK_LOCAL_MEM_FENCE);
        s[li] += add;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    return s[li];
}

__kernel void nbl_count(__global const double* pos, __global const int* span, const int natoms, const double cut2,
        __local double* tile, __local int2* scan, __global int2* offset, __global int2* groupTotal) {
    const int2 c = nbl_walk(pos, span, natoms, cut2, tile, 0, 0, 0, 0, 0, 0, 0, 0);
    const int2 inclusive = nbl_scan_group(scan, c);
    if (get_global_id(0) < natoms) {
        offset[get_global_id(0)] = inclusive - c;
    }
    if (get_local_id(0) == 0) {
        groupTotal[get_group_id(0)] = scan[get_local_size(0) - 1];
    }
}

__kernel void nbl_scan(__global int2* groupTotal, const int groups, const int capacity, __local int2* scan,
        __global int* pairCount) {
    const int G = get_local_size(0);
    const int li = get_local_id(0);
    int2 carry = (int2) (0, 0);
    for (int t = 0; t < groups; t += G) {
        const int g = t + li;
        const int2 v = g < groups ? groupTotal[g] : (int2) (0, 0);
        const int2 inclusive = nbl_scan_group(scan, v);
        if (g < groups) {
            groupTotal[g] = carry + inclusive - v;
        }
        carry += scan[G - 1];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (li == 0) {
        pairCount[0] = carry.y <= capacity ? carry.y : 0;
        pairCount[1] = carry.y;
    }
}

__kernel void nbl_fill(__global const double* pos, __global const int* span, const int natoms, const double cut2,
        __local double* tile, __global const int2* offset, __global const int2* groupTotal, const int countGroup,
        __global const int* pairCount, const int capacity, __global int* rowStart, __global int* nbr,
        __global int* epair, __global int* pairI, __global int* pairJ, __global real* rij) {
    const int i = get_global_id(0);
    if (i == 0) {
        rowStart[0] = 0;
    }
    if (pairCount[1] > capacity) {
        if (i < natoms) {
            rowStart[i + 1] = 0;
        }
        return;
    }
    const int2 base = i < natoms ? groupTotal[i / countGroup] + offset[i] : (int2) (0, 0);
    const int2 c = nbl_walk(pos, span, natoms, cut2, tile, 1, base.x, base.y, nbr, epair, pairI, pairJ, rij);
    if (i < natoms) {
        rowStart[i + 1] = base.x + c.x;
    }
}

__kernel void nbl_transpose(__global const int* pairI, __global const int* pairJ, __global const int* pairCount,
        __global const int* rowStart, __global const int* nbr, __global int* epair) {
    const int q = get_global_id(0);
    if (q >= pairCount[0]) {
        return;
    }
    const int i = pairI[q];
    const int j = pairJ[q];
    int lo = rowStart[j];
    int hi = rowStart[j + 1] - 1;
    while (lo < hi) {
        const int mid = (lo + hi) >> 1;
        if (nbr[mid] < i) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    epair[lo] = q;
}
#endif

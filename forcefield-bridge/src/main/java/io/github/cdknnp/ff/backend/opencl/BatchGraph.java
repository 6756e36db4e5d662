package io.github.cdknnp.ff.backend.opencl;

import io.github.cdknnp.ff.NeighborList;

/**
 * The host-side layout of one ragged batch: atoms of all molecules concatenated (CSR offsets), neighbour
 * pairs (i &lt; j) concatenated, their displacement vectors R_j − R_i computed in float64, and the directed
 * edges as a CSR by receiving atom. No padding: memory and work are proportional to atoms + pairs.
 *
 * <p>The neighbour search runs here, with {@link NeighborList}'s O(N) cell list, once per evaluation; only
 * its result (12 bytes of indices and 12–24 bytes of displacement per pair) is uploaded. Computing the
 * displacements in float64 before rounding keeps float32 kernels free of the cancellation that
 * {@code R_j − R_i} in float32 would suffer far from the origin.
 */
final class BatchGraph {
    final int molecules;
    final int atoms;
    final int pairs;
    final int[] atomOffset;
    final int[] element;
    final int[] pairI;
    final int[] pairJ;
    final double[] rij;
    final int[] rowStart;
    final int[] nbr;
    final int[] epair;

    /**
     * @param elements  per molecule, element indices (rows of the model's element table)
     * @param positions per molecule, flat coordinates in Å
     * @param from      first molecule (inclusive)
     * @param to        last molecule (exclusive)
     * @param cutoff    neighbour cutoff, Å
     */
    BatchGraph(int[][] elements, double[][] positions, int from, int to, double cutoff) {
        molecules = to - from;
        atomOffset = new int[molecules + 1];
        NeighborList[] lists = new NeighborList[molecules];
        int pairCount = 0;
        for (int m = 0; m < molecules; m++) {
            atomOffset[m + 1] = atomOffset[m] + elements[from + m].length;
            lists[m] = NeighborList.build(positions[from + m], cutoff);
            pairCount += lists[m].size();
        }
        atoms = atomOffset[molecules];
        pairs = pairCount;
        element = new int[atoms];
        pairI = new int[pairs];
        pairJ = new int[pairs];
        rij = new double[3 * pairs];
        int[] degree = new int[atoms];
        int p = 0;
        for (int m = 0; m < molecules; m++) {
            int off = atomOffset[m];
            System.arraycopy(elements[from + m], 0, element, off, elements[from + m].length);
            double[] x = positions[from + m];
            for (int k = 0; k < lists[m].size(); k++, p++) {
                int i = lists[m].first(k);
                int j = lists[m].second(k);
                pairI[p] = off + i;
                pairJ[p] = off + j;
                for (int a = 0; a < 3; a++) {
                    rij[3 * p + a] = x[3 * j + a] - x[3 * i + a];
                }
                degree[off + i]++;
                degree[off + j]++;
            }
        }
        rowStart = new int[atoms + 1];
        for (int i = 0; i < atoms; i++) {
            rowStart[i + 1] = rowStart[i] + degree[i];
        }
        nbr = new int[2 * pairs];
        epair = new int[2 * pairs];
        int[] fill = rowStart.clone();
        for (int q = 0; q < pairs; q++) {
            int e = fill[pairI[q]]++;
            nbr[e] = pairJ[q];
            epair[e] = q;
            e = fill[pairJ[q]]++;
            nbr[e] = pairI[q];
            epair[e] = q;
        }
    }

    /** Directed edges (twice the pairs). */
    int edges() {
        return 2 * pairs;
    }
}

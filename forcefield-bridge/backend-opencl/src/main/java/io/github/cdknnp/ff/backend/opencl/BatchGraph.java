package io.github.cdknnp.ff.backend.opencl;

import io.github.cdknnp.ff.NeighborList;
import java.util.Arrays;

/**
 * The neighbour graph of one ragged batch built on the host: per molecule {@link NeighborList}'s O(N) cell
 * list, pairs sorted by (i, j) and each CSR row by ascending neighbour (the order {@link DeviceNeighborList}
 * produces, so both give bit-identical evaluations), displacements R_j − R_i in float64. Only the result,
 * about 36 bytes per pair, is uploaded. Computing the displacements in float64 before rounding keeps float32
 * kernels free of the cancellation that {@code R_j − R_i} in float32 would suffer far from the origin.
 */
final class BatchGraph {
    final int pairs;
    final int[] pairI;
    final int[] pairJ;
    final double[] rij;
    final int[] rowStart;
    final int[] nbr;
    final int[] epair;

    BatchGraph(RaggedBatch batch, double cutoff) {
        long[][] keys = new long[batch.molecules][];
        int pairCount = 0;
        for (int m = 0; m < batch.molecules; m++) {
            double[] x = Arrays.copyOfRange(batch.positions, 3 * batch.atomOffset[m], 3 * batch.atomOffset[m + 1]);
            NeighborList list = NeighborList.build(x, cutoff);
            keys[m] = new long[list.size()];
            for (int k = 0; k < list.size(); k++) {
                keys[m][k] = (long) list.first(k) << 32 | list.second(k);
            }
            Arrays.sort(keys[m]);
            pairCount += list.size();
        }
        pairs = pairCount;
        pairI = new int[pairs];
        pairJ = new int[pairs];
        rij = new double[3 * pairs];
        int[] degree = new int[batch.atoms];
        int p = 0;
        for (int m = 0; m < batch.molecules; m++) {
            for (long key : keys[m]) {
                int i = batch.atomOffset[m] + (int) (key >>> 32);
                int j = batch.atomOffset[m] + (int) key;
                pairI[p] = i;
                pairJ[p] = j;
                for (int a = 0; a < 3; a++) {
                    rij[3 * p + a] = batch.positions[3 * j + a] - batch.positions[3 * i + a];
                }
                degree[i]++;
                degree[j]++;
                p++;
            }
        }
        rowStart = new int[batch.atoms + 1];
        for (int i = 0; i < batch.atoms; i++) {
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

    /** Uploads the graph (non-blocking writes); pair buffers of exactly {@link #pairs} rows. */
    GraphBuffers upload(Workspace ws, boolean doubleReals) {
        return new GraphBuffers(pairs, ws.upload("rij", rij, 3 * pairs, doubleReals),
                ws.upload("rowStart", rowStart, rowStart.length), ws.upload("nbr", nbr, 2 * pairs),
                ws.upload("epair", epair, 2 * pairs), ws.upload("pairI", pairI, pairs), ws.upload("pairJ", pairJ, pairs),
                ws.upload("pairCount", new int[]{pairs, pairs}, 2));
    }
}

package io.github.cdknnp.ff;

import java.util.Arrays;

/**
 * Pairs of atoms closer than a cutoff, found with a cell list in O(N) time (no periodic boundaries).
 *
 * <p>Each pair appears once, as {@code (first[k], second[k])} with {@code first[k] < second[k]}.
 * The grid is capped at about {@code 8 N} cells, so sparse or elongated systems cost O(N) memory too.
 */
public final class NeighborList {
    private final int[] first;
    private final int[] second;
    private final int count;

    private NeighborList(int[] first, int[] second, int count) {
        this.first = first;
        this.second = second;
        this.count = count;
    }

    /** Number of pairs. */
    public int size() {
        return count;
    }

    /** Lower atom index of pair {@code k}. */
    public int first(int k) {
        return first[k];
    }

    /** Higher atom index of pair {@code k}. */
    public int second(int k) {
        return second[k];
    }

    /**
     * Builds the list.
     *
     * @param positions flat coordinates in Å
     * @param cutoff    pair distance cutoff in Å (pairs with distance strictly below it are kept)
     */
    public static NeighborList build(double[] positions, double cutoff) {
        if (!(cutoff > 0)) {
            throw new IllegalArgumentException("cutoff must be positive, got " + cutoff);
        }
        int n = positions.length / 3;
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], positions[3 * i + d]);
                hi[d] = Math.max(hi[d], positions[3 * i + d]);
            }
        }
        double cell = cutoff;
        int[] dims = new int[3];
        long maxCells = 8L * n + 64;
        while (true) {
            double total = 1;   // a double: three dimensions of 5e8 cells each would overflow a long
            for (int d = 0; d < 3; d++) {
                dims[d] = Math.max(1, (int) Math.min(Integer.MAX_VALUE / 4, Math.floor((hi[d] - lo[d]) / cell)));
                total *= dims[d];
            }
            if (total <= maxCells) {
                break;
            }
            cell *= Math.cbrt(total / maxCells) * 1.01;
        }
        int[] head = new int[dims[0] * dims[1] * dims[2]];
        Arrays.fill(head, -1);
        int[] next = new int[n];
        int[] cellOf = new int[3 * n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                int ci = (int) ((positions[3 * i + d] - lo[d]) / cell);
                cellOf[3 * i + d] = Math.min(ci, dims[d] - 1);
            }
            int c = (cellOf[3 * i] * dims[1] + cellOf[3 * i + 1]) * dims[2] + cellOf[3 * i + 2];
            next[i] = head[c];
            head[c] = i;
        }
        double cut2 = cutoff * cutoff;
        int[] a = new int[Math.max(16, 8 * n)];
        int[] b = new int[a.length];
        int count = 0;
        for (int i = 0; i < n; i++) {
            double xi = positions[3 * i];
            double yi = positions[3 * i + 1];
            double zi = positions[3 * i + 2];
            for (int cx = Math.max(0, cellOf[3 * i] - 1); cx <= Math.min(dims[0] - 1, cellOf[3 * i] + 1); cx++) {
                for (int cy = Math.max(0, cellOf[3 * i + 1] - 1); cy <= Math.min(dims[1] - 1, cellOf[3 * i + 1] + 1); cy++) {
                    for (int cz = Math.max(0, cellOf[3 * i + 2] - 1); cz <= Math.min(dims[2] - 1, cellOf[3 * i + 2] + 1); cz++) {
                        for (int j = head[(cx * dims[1] + cy) * dims[2] + cz]; j >= 0; j = next[j]) {
                            if (j <= i) {
                                continue;
                            }
                            double dx = positions[3 * j] - xi;
                            double dy = positions[3 * j + 1] - yi;
                            double dz = positions[3 * j + 2] - zi;
                            if (dx * dx + dy * dy + dz * dz < cut2) {
                                if (count == a.length) {
                                    a = Arrays.copyOf(a, 2 * count);
                                    b = Arrays.copyOf(b, 2 * count);
                                }
                                a[count] = i;
                                b[count] = j;
                                count++;
                            }
                        }
                    }
                }
            }
        }
        return new NeighborList(a, b, count);
    }
}

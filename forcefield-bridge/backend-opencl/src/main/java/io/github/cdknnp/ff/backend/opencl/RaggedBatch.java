package io.github.cdknnp.ff.backend.opencl;

/**
 * The atoms of one ragged batch: all molecules concatenated (CSR offsets), their element rows and their
 * float64 positions. No padding: memory and work are proportional to atoms (+ pairs, see {@link GraphBuffers}).
 */
final class RaggedBatch {
    final int molecules;
    final int atoms;
    final int[] atomOffset;
    final int[] element;
    /** Flat coordinates in Å, [atoms][3]. */
    final double[] positions;

    /**
     * @param elements  per molecule, element indices (rows of the model's element table)
     * @param positions per molecule, flat coordinates in Å
     * @param from      first molecule (inclusive)
     * @param to        last molecule (exclusive)
     */
    RaggedBatch(int[][] elements, double[][] positions, int from, int to) {
        molecules = to - from;
        atomOffset = new int[molecules + 1];
        for (int m = 0; m < molecules; m++) {
            atomOffset[m + 1] = atomOffset[m] + elements[from + m].length;
        }
        atoms = atomOffset[molecules];
        element = new int[atoms];
        this.positions = new double[3 * atoms];
        for (int m = 0; m < molecules; m++) {
            System.arraycopy(elements[from + m], 0, element, atomOffset[m], size(m));
            System.arraycopy(positions[from + m], 0, this.positions, 3 * atomOffset[m], 3 * size(m));
        }
    }

    /** Atoms of molecule {@code m}. */
    int size(int m) {
        return atomOffset[m + 1] - atomOffset[m];
    }

    /** Atoms of the largest molecule. */
    int largestMolecule() {
        int largest = 0;
        for (int m = 0; m < molecules; m++) {
            largest = Math.max(largest, size(m));
        }
        return largest;
    }

    /** Pairs if every atom saw every other atom of its molecule: an upper bound of the neighbour pairs. */
    long allPairs() {
        long pairs = 0;
        for (int m = 0; m < molecules; m++) {
            pairs += (long) size(m) * (size(m) - 1) / 2;
        }
        return pairs;
    }

    /** Per atom, the first atom of its molecule and the one after its last: [atoms][2]. */
    int[] moleculeSpans() {
        int[] span = new int[2 * atoms];
        for (int m = 0; m < molecules; m++) {
            for (int i = atomOffset[m]; i < atomOffset[m + 1]; i++) {
                span[2 * i] = atomOffset[m];
                span[2 * i + 1] = atomOffset[m + 1];
            }
        }
        return span;
    }
}

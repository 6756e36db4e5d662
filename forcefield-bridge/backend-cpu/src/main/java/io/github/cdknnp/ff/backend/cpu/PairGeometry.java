package io.github.cdknnp.ff.backend.cpu;

import io.github.cdknnp.ff.NeighborList;
import java.util.Arrays;

/**
 * The neighbour pairs of one evaluation group of {@link CpuPainn} (each once, i &lt; j, atoms numbered within the
 * group) with their geometry: distance, unit vector and cosine cutoff in double (rounded once to float for the
 * network), the radial basis {@code rbf[P, K]}; and room for what the network computes per pair: the filters of every
 * block {@code filters[P, T·3F]} (their gradients after the backward pass), the gradients with respect to the unit
 * vectors and the cutoff, summed in double. {@link #addPositionGradient} turns those into per-atom position
 * gradients. Arrays grow on demand and are reused across calls; not thread-safe.
 */
final class PairGeometry {
    private final CpuWeights w;
    private final int k;
    private final int filterWidth;
    private int capacity;
    /** Pairs in use. */
    int count;
    int[] first;
    int[] second;
    float[] unitF;
    float[] cutF;
    float[] rbf;
    float[] filters;
    float[] rbfGradient;
    double[] unitGradient;
    double[] cutGradient;
    private double[] distance;
    private double[] unit;
    private double[] cutDerivative;

    PairGeometry(CpuWeights weights, int initialCapacity) {
        this.w = weights;
        this.k = weights.rbfCount;
        this.filterWidth = weights.blocks * 3 * weights.features;
        grow(initialCapacity);
    }

    /** Starts a new group: no pairs. */
    void clear() {
        count = 0;
    }

    /** Appends the pairs of one molecule whose atoms are numbered from {@code offset} in the group. */
    void add(double[] positions, int offset) {
        NeighborList list = NeighborList.build(positions, w.cutoff);
        int added = list.size();
        if (count + added > capacity) {
            grow(Math.max(count + added, capacity + capacity / 2));
        }
        double piOverCut = Math.PI / w.cutoff;
        for (int q = 0; q < added; q++) {
            int a = list.first(q);
            int b = list.second(q);
            int p = count + q;
            first[p] = offset + a;
            second[p] = offset + b;
            double rx = positions[3 * b] - positions[3 * a];
            double ry = positions[3 * b + 1] - positions[3 * a + 1];
            double rz = positions[3 * b + 2] - positions[3 * a + 2];
            double d = Math.sqrt(rx * rx + ry * ry + rz * rz);
            distance[p] = d;
            unit[3 * p] = rx / d;
            unit[3 * p + 1] = ry / d;
            unit[3 * p + 2] = rz / d;
            for (int c = 0; c < 3; c++) {
                unitF[3 * p + c] = (float) unit[3 * p + c];
            }
            double cut = 0.5 * (Math.cos(piOverCut * d) + 1);
            cutDerivative[p] = -0.5 * piOverCut * Math.sin(piOverCut * d);
            cutF[p] = (float) cut;
            for (int r = 0; r < k; r++) {
                double delta = d - w.centres[r];
                rbf[p * k + r] = (float) Math.exp(-w.gamma * delta * delta);
            }
        }
        count += added;
    }

    /** Zeroes the unit-vector and cutoff gradients before a backward pass. */
    void startBackward() {
        Arrays.fill(unitGradient, 0, 3 * count, 0);
        Arrays.fill(cutGradient, 0, count, 0);
    }

    /**
     * Adds ∂E/∂R of every pair's atoms to {@code gradient} (3 per group atom), from {@link #rbfGradient},
     * {@link #unitGradient} and {@link #cutGradient} (filled by the backward pass).
     */
    void addPositionGradient(double[] gradient) {
        double twoGamma = 2 * w.gamma;
        for (int p = 0; p < count; p++) {
            double d = distance[p];
            double dd = cutDerivative[p] * cutGradient[p];
            for (int r = 0; r < k; r++) {
                dd -= (double) rbfGradient[p * k + r] * rbf[p * k + r] * twoGamma * (d - w.centres[r]);
            }
            double ux = unit[3 * p];
            double uy = unit[3 * p + 1];
            double uz = unit[3 * p + 2];
            double dux = unitGradient[3 * p];
            double duy = unitGradient[3 * p + 1];
            double duz = unitGradient[3 * p + 2];
            double uDotDu = ux * dux + uy * duy + uz * duz;
            double gx = dd * ux + (dux - uDotDu * ux) / d;
            double gy = dd * uy + (duy - uDotDu * uy) / d;
            double gz = dd * uz + (duz - uDotDu * uz) / d;
            int i = 3 * first[p];
            int j = 3 * second[p];
            gradient[j] += gx;
            gradient[j + 1] += gy;
            gradient[j + 2] += gz;
            gradient[i] -= gx;
            gradient[i + 1] -= gy;
            gradient[i + 2] -= gz;
        }
    }

    private void grow(int newCapacity) {
        capacity = newCapacity;
        first = first == null ? new int[capacity] : Arrays.copyOf(first, capacity);
        second = second == null ? new int[capacity] : Arrays.copyOf(second, capacity);
        distance = distance == null ? new double[capacity] : Arrays.copyOf(distance, capacity);
        unit = unit == null ? new double[3 * capacity] : Arrays.copyOf(unit, 3 * capacity);
        unitF = unitF == null ? new float[3 * capacity] : Arrays.copyOf(unitF, 3 * capacity);
        cutDerivative = cutDerivative == null ? new double[capacity] : Arrays.copyOf(cutDerivative, capacity);
        cutF = cutF == null ? new float[capacity] : Arrays.copyOf(cutF, capacity);
        rbf = rbf == null ? new float[capacity * k] : Arrays.copyOf(rbf, capacity * k);
        // filled per call: no need to keep contents
        filters = new float[capacity * filterWidth];
        rbfGradient = new float[capacity * k];
        unitGradient = new double[3 * capacity];
        cutGradient = new double[capacity];
    }
}

package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLException;
import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.backend.ModelKernel;
import io.github.cdknnp.ff.model.PainnParameters;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

/**
 * A PaiNN model on one OpenCL device: weights uploaded once, a persistent workspace, and batched
 * evaluation (one launch sequence for a whole ragged batch). When the device runs out of memory the batch
 * is halved and each half evaluated in turn. Potentials bound from one kernel share its device queue and
 * workspace; calls are serialized on the device.
 */
final class OpenClPainn implements ModelKernel {
    private static final Cleaner CLEANER = Cleaner.create();

    private final PainnParameters parameters;
    private final ClDevice device;
    private final Kernels kernels;
    private final DeviceWeights weights;
    private final Workspace workspace;
    private final NeighborSearch neighbors;
    private final DeviceNeighborList deviceList;

    OpenClPainn(PainnParameters parameters, ClDevice device, Precision precision, NeighborSearch neighbors,
            long memoryBudget) {
        this.parameters = parameters;
        this.device = device;
        this.neighbors = neighbors;
        synchronized (device) {
            int f = parameters.features();
            this.kernels = device.kernels(precision, f % 8 == 0 ? 8 : f % 4 == 0 ? 4 : 1);
            this.weights = new DeviceWeights(device, precision, parameters);
        }
        this.workspace = new Workspace(device, memoryBudget);
        this.deviceList = new DeviceNeighborList(kernels, workspace, parameters.cutoff());
        CLEANER.register(this, new Release(device, weights, workspace));
    }

    /** Frees the device memory of a kernel nobody can reach any more (bound potentials keep their kernel alive). */
    private record Release(ClDevice device, DeviceWeights weights, Workspace workspace) implements Runnable {
        @Override
        public void run() {
            synchronized (device) {
                weights.release();
                workspace.releaseAll();
            }
        }
    }

    @Override
    public Potential bind(int[] elementIndex) {
        int[] elements = checkElements(elementIndex);
        return new Potential() {
            @Override
            public int atomCount() {
                return elements.length;
            }

            @Override
            public double compute(double[] positions, double[] forces) {
                Geometry.check(positions, elements.length);
                double[] energy = new double[1];
                evaluate(new int[][]{elements}, new double[][]{positions}, new double[][]{forces}, energy);
                return energy[0];
            }
        };
    }

    @Override
    public BatchPotential bindBatch(List<int[]> elementIndices) {
        int[][] elements = new int[elementIndices.size()][];
        for (int m = 0; m < elements.length; m++) {
            elements[m] = checkElements(elementIndices.get(m));
        }
        return new BatchPotential() {
            @Override
            public int size() {
                return elements.length;
            }

            @Override
            public int atomCount(int k) {
                return elements[k].length;
            }

            @Override
            public void compute(double[][] positions, double[][] forces, double[] energies, boolean[] active) {
                List<Integer> chosen = new ArrayList<>();
                for (int m = 0; m < elements.length; m++) {
                    if (active == null || active[m]) {
                        Geometry.check(positions[m], elements[m].length);
                        chosen.add(m);
                    }
                }
                int[][] e = new int[chosen.size()][];
                double[][] x = new double[chosen.size()][];
                double[][] fr = new double[chosen.size()][];
                double[] en = new double[chosen.size()];
                for (int q = 0; q < e.length; q++) {
                    e[q] = elements[chosen.get(q)];
                    x[q] = positions[chosen.get(q)];
                    fr[q] = forces[chosen.get(q)];
                }
                evaluate(e, x, fr, en);
                for (int q = 0; q < e.length; q++) {
                    energies[chosen.get(q)] = en[q];
                }
            }
        };
    }

    /** Evaluates molecules, writing forces in place and energies by index. */
    void evaluate(int[][] elements, double[][] positions, double[][] forces, double[] energies) {
        if (elements.length == 0) {
            return;
        }
        synchronized (device) {
            evaluate(elements, positions, forces, energies, 0, elements.length);
        }
    }

    /** Bytes of device memory the workspace holds now (for tests and benchmarks). */
    long workspaceBytes() {
        return workspace.allocated();
    }

    private void evaluate(int[][] elements, double[][] positions, double[][] forces, double[] energies, int from, int to) {
        try {
            evaluateOnce(elements, positions, forces, energies, from, to);
        } catch (DeviceMemoryException e) {
            workspace.releaseAll();
            if (to - from == 1) {
                throw new CalculationException("OpenCL device " + device + " cannot hold one molecule of "
                        + elements[from].length + " atoms: " + e.getMessage(), e);
            }
            int mid = (from + to) >>> 1;
            evaluate(elements, positions, forces, energies, from, mid);
            evaluate(elements, positions, forces, energies, mid, to);
        }
    }

    private void evaluateOnce(int[][] elements, double[][] positions, double[][] forces, double[] energies, int from, int to) {
        RaggedBatch batch = new RaggedBatch(elements, positions, from, to);
        boolean doubleReals = kernels.precision == Precision.DOUBLE;
        PainnPass.Result r;
        try {
            if (neighbors == NeighborSearch.DEVICE && DeviceNeighborList.supports(batch, device.fp64)) {
                int capacity = deviceList.capacity(batch);
                r = pass(batch, deviceList.build(batch, capacity, doubleReals));
                if (r.pairsNeeded() > capacity) {
                    r = pass(batch, deviceList.build(batch, r.pairsNeeded(), doubleReals));
                }
                deviceList.observe(batch, r.pairsNeeded());
            } else {
                r = pass(batch, new BatchGraph(batch, parameters.cutoff()).upload(workspace, doubleReals));
            }
        } catch (CLException e) {
            if (DeviceMemoryException.isOutOfMemory(e)) {
                try {
                    device.queue.finish();
                } catch (CLException ignored) {
                    // the queue reports the same failure; the retry starts from a clean workspace
                }
                throw new DeviceMemoryException("device out of resources: " + e.getMessage(), e);
            }
            throw new CalculationException("OpenCL evaluation failed on " + device + ": " + e.getMessage(), e);
        }
        double base = parameters.energyShift();
        for (int m = 0; m < batch.molecules; m++) {
            int off = batch.atomOffset[m];
            int[] el = elements[from + m];
            double e = 0;
            for (int i = 0; i < el.length; i++) {
                e += parameters.atomref()[el[i]] + base + r.atomEnergy()[off + i];
            }
            if (!Double.isFinite(e)) {
                throw new CalculationException("PaiNN energy is " + e + " for molecule " + (from + m) + " of the batch");
            }
            energies[from + m] = e;
            System.arraycopy(r.forces(), 3 * off, forces[from + m], 0, 3 * el.length);
        }
    }

    private PainnPass.Result pass(RaggedBatch batch, GraphBuffers graph) {
        return new PainnPass(parameters, weights, kernels, workspace, device.fp64, batch, graph).run();
    }

    private int[] checkElements(int[] elementIndex) {
        for (int i = 0; i < elementIndex.length; i++) {
            if (elementIndex[i] < 0 || elementIndex[i] >= parameters.elements().length) {
                throw new IllegalArgumentException("element index " + elementIndex[i] + " of atom " + i
                        + " is not a row of the model's element table (0.." + (parameters.elements().length - 1) + ")");
            }
        }
        return elementIndex.clone();
    }
}

package io.github.cdknnp.ff.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jogamp.opencl.CLBuffer;
import com.jogamp.opencl.CLMemory;
import io.github.cdknnp.ff.NeighborList;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.backend.ModelKernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The neighbour list built on the device against the host's cell list: same pairs, same order, same results. */
class DeviceNeighborListTest {
    static final double CUTOFF = 5.0;
    static final int[][] BATCHES = {{2}, {3}, {17}, {200}, {17, 2, 200, 1, 3, 40, 17}};
    static ClDevice device;
    static Kernels kernels;

    @BeforeAll
    static void requireFp64Device() {
        OpenClBackend backend = new OpenClBackend();
        assumeTrue(backend.isAvailable() && backend.describe().contains("0:0") && backend.describe().contains("fp64)"),
                () -> "no OpenCL device 0:0 with fp64: " + backend.describe());
        device = ClDevice.open(0, 0);
        kernels = device.kernels(Precision.MIXED, 8);
    }

    /**
     * Molecules of 2, 3, 17 and 200 atoms, alone and in one batch, with half of the atoms placed at the cutoff
     * (±1e-6 Å, and exactly, where the float64 rounding of d² decides): the device graph equals the host's
     * array for array, displacements bit for bit, for a capacity with room to spare and an exact one.
     */
    @Test
    void deviceGraphEqualsTheHostCellListsNearTheCutoff() {
        int nearPairs = 0;
        for (int b = 0; b < BATCHES.length; b++) {
            RaggedBatch batch = batch(BATCHES[b], 10 * b);
            BatchGraph host = new BatchGraph(batch, CUTOFF);
            assertEquals(cellListPairs(batch), host.pairs);
            for (int capacity : new int[]{host.pairs, host.pairs + 100}) {
                Workspace ws = new Workspace(device, Long.MAX_VALUE);
                GraphBuffers g = new DeviceNeighborList(kernels, ws, CUTOFF).build(batch, capacity, false);
                assertEquals(capacity, g.pairRows());
                assertArrayEquals(new int[]{host.pairs, host.pairs}, ints(g.pairCount(), 2), "pair count, batch " + b);
                assertArrayEquals(host.rowStart, ints(g.rowStart(), batch.atoms + 1), "rowStart, batch " + b);
                assertArrayEquals(host.nbr, ints(g.nbr(), 2 * host.pairs), "nbr, batch " + b);
                assertArrayEquals(host.epair, ints(g.epair(), 2 * host.pairs), "epair, batch " + b);
                assertArrayEquals(host.pairI, ints(g.pairI(), host.pairs), "pairI, batch " + b);
                assertArrayEquals(host.pairJ, ints(g.pairJ(), host.pairs), "pairJ, batch " + b);
                float[] rij = floats(g.rij(), 3 * host.pairs);
                for (int k = 0; k < rij.length; k++) {
                    assertEquals(Float.floatToIntBits((float) host.rij[k]), Float.floatToIntBits(rij[k]), "rij " + k);
                }
                ws.releaseAll();
            }
            for (int p = 0; p < host.pairs; p++) {
                double d = Math.sqrt(sq(host.rij[3 * p]) + sq(host.rij[3 * p + 1]) + sq(host.rij[3 * p + 2]));
                nearPairs += d > CUTOFF - 1e-5 ? 1 : 0;
            }
        }
        assertTrue(nearPairs > 50, "pairs within 1e-5 Å inside the cutoff: " + nearPairs);
    }

    /** A capacity below the pair count gives an empty graph and the count needed. */
    @Test
    void overflowingTheCapacityGivesAnEmptyGraphAndTheCountNeeded() {
        RaggedBatch batch = batch(new int[]{17, 40}, 3);
        int pairs = new BatchGraph(batch, CUTOFF).pairs;
        Workspace ws = new Workspace(device, Long.MAX_VALUE);
        GraphBuffers g = new DeviceNeighborList(kernels, ws, CUTOFF).build(batch, pairs - 1, false);
        assertArrayEquals(new int[]{0, pairs}, ints(g.pairCount(), 2));
        assertArrayEquals(new int[batch.atoms + 1], ints(g.rowStart(), batch.atoms + 1));
        ws.releaseAll();
    }

    /**
     * Energies and forces with the device list are bit-identical to those with the host list, also when the
     * capacity estimated from a previous batch without pairs overflows and the evaluation is repeated.
     */
    @Test
    void hostAndDeviceListsGiveIdenticalEvaluations() {
        var model = OpenClPainnTest.WIDE;
        ModelKernel hostList = new OpenClBackend().createPainn(model, "0:0:hostlist");
        OpenClPainn deviceList = (OpenClPainn) new OpenClBackend().createPainn(model, "0:0:devicelist");
        int[] sizes = BATCHES[BATCHES.length - 1];
        RaggedBatch batch = batch(sizes, 77);
        int[][] elements = new int[sizes.length][];
        double[][] x = new double[sizes.length][];
        for (int m = 0; m < sizes.length; m++) {
            elements[m] = new int[sizes[m]];
            for (int i = 0; i < sizes[m]; i++) {
                elements[m][i] = (i * 7 + m) % 4;
            }
            x[m] = java.util.Arrays.copyOfRange(batch.positions, 3 * batch.atomOffset[m], 3 * batch.atomOffset[m + 1]);
        }
        RaggedBatch isolated = new RaggedBatch(new int[][]{{0, 1}}, new double[][]{{0, 0, 0, 20, 0, 0}}, 0, 1);
        DeviceNeighborList estimate = new DeviceNeighborList(kernels, new Workspace(device, 0), model.cutoff());
        estimate.observe(isolated, 0);
        assertTrue(estimate.capacity(batch) < new BatchGraph(batch, model.cutoff()).pairs, "the second call overflows");
        deviceList.evaluate(new int[][]{{0, 1}}, new double[][]{{0, 0, 0, 20, 0, 0}}, new double[][]{new double[6]},
                new double[1]);

        double[][] fHost = zeros(x);
        double[][] fDevice = zeros(x);
        double[] eHost = new double[sizes.length];
        double[] eDevice = new double[sizes.length];
        hostList.bindBatch(java.util.List.of(elements)).compute(x, fHost, eHost, null);
        deviceList.evaluate(elements, x, fDevice, eDevice);
        for (int m = 0; m < sizes.length; m++) {
            assertEquals(eHost[m], eDevice[m], 0, "energy " + m);
            assertArrayEquals(fHost[m], fDevice[m], 0, "forces " + m);
        }
    }

    /**
     * A molecule above {@link DeviceNeighborList#MAX_MOLECULE} atoms is searched on the host, in buffers a
     * molecule with more pairs searched on the device left (device-only ones cannot take uploads), and back:
     * the results equal a host-list kernel's.
     */
    @Test
    void largeMoleculesFallBackToTheHostListOnTheSameWorkspace() {
        var model = TestModels.randomPainn(8, 1, 4, 3.0, 5);
        ModelKernel hostList = new OpenClBackend().createPainn(model, "0:0:hostlist");
        ModelKernel deviceList = new OpenClBackend().createPainn(model, "0:0:devicelist");
        int[] onDevice = new int[DeviceNeighborList.MAX_MOLECULE];
        int[] onHost = new int[DeviceNeighborList.MAX_MOLECULE + 1];
        double[] dense = TestModels.randomGeometry(onDevice.length, 0.9, 1);
        double[] sparse = TestModels.randomGeometry(onHost.length, 0.9, 2);
        for (int k = 0; k < sparse.length; k++) {
            sparse[k] *= 2;
        }
        for (double[] x : new double[][]{dense, sparse, dense}) {
            int[] elements = x == dense ? onDevice : onHost;
            double[] fHost = new double[x.length];
            double[] fDevice = new double[x.length];
            assertEquals(hostList.bind(elements).compute(x, fHost), deviceList.bind(elements).compute(x, fDevice), 0);
            assertArrayEquals(fHost, fDevice, 0);
        }
    }

    /** Molecules of the given sizes, each with every other atom at the cutoff from an earlier one. */
    private static RaggedBatch batch(int[] sizes, long seed) {
        int[][] elements = new int[sizes.length][];
        double[][] x = new double[sizes.length][];
        for (int m = 0; m < sizes.length; m++) {
            elements[m] = new int[sizes[m]];
            x[m] = nearCutoff(sizes[m], seed + m);
        }
        return new RaggedBatch(elements, x, 0, sizes.length);
    }

    private static double[] nearCutoff(int n, long seed) {
        double[] x = TestModels.randomGeometry(n, 0.9, seed);
        Random r = new Random(seed);
        double[] delta = {-1e-6, 0, 1e-6};
        for (int k = 1; k < n; k += 2) {
            do {
                int i = r.nextInt(k);
                double[] u = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
                double norm = Math.sqrt(sq(u[0]) + sq(u[1]) + sq(u[2]));
                for (int a = 0; a < 3; a++) {
                    x[3 * k + a] = x[3 * i + a] + (CUTOFF + delta[k / 2 % 3]) * u[a] / norm;
                }
            } while (closest(x, k) < 0.9);
        }
        return x;
    }

    /** Distance from atom k to the nearest other atom. */
    private static double closest(double[] x, int k) {
        double best = Double.MAX_VALUE;
        for (int j = 0; j < x.length / 3; j++) {
            if (j != k) {
                best = Math.min(best, io.github.cdknnp.ff.Geometry.distance(x, j, k));
            }
        }
        return best;
    }

    private static int cellListPairs(RaggedBatch batch) {
        int pairs = 0;
        for (int m = 0; m < batch.molecules; m++) {
            pairs += NeighborList.build(java.util.Arrays.copyOfRange(batch.positions, 3 * batch.atomOffset[m],
                    3 * batch.atomOffset[m + 1]), CUTOFF).size();
        }
        return pairs;
    }

    private static int[] ints(CLBuffer<?> buffer, int count) {
        int[] out = new int[count];
        copy(buffer, 4 * count).asIntBuffer().get(out);
        return out;
    }

    private static float[] floats(CLBuffer<?> buffer, int count) {
        float[] out = new float[count];
        copy(buffer, 4 * count).asFloatBuffer().get(out);
        return out;
    }

    /** The first bytes of a device buffer, through a host-backed copy. */
    private static ByteBuffer copy(CLBuffer<?> buffer, int bytes) {
        CLBuffer<ByteBuffer> host = device.context.createByteBuffer(Math.max(bytes, 4), CLMemory.Mem.READ_WRITE);
        try {
            if (bytes > 0) {
                device.queue.putCopyBuffer(buffer, host, bytes).putReadBuffer(host, true);
            }
            ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
            b.put(host.getBuffer().order(ByteOrder.nativeOrder()).limit(bytes)).flip();
            return b;
        } finally {
            host.release();
        }
    }

    private static double[][] zeros(double[][] x) {
        double[][] f = new double[x.length][];
        for (int m = 0; m < x.length; m++) {
            f[m] = new double[x[m].length];
        }
        return f;
    }

    private static double sq(double v) {
        return v * v;
    }
}

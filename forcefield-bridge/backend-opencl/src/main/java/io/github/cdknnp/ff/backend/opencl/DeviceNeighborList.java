package io.github.cdknnp.ff.backend.opencl;

/**
 * Builds a batch's neighbour graph on the device ({@code nbl_*} kernels in painn.cl): positions go up in
 * float64, the same pairs as {@link BatchGraph} come out in the same order, and the host waits for nothing.
 * Pair counts are only known on the device, so the pair buffers get a capacity estimated from the pairs per
 * atom of the previous evaluation; a batch needing more yields an evaluation without pairs and
 * {@link PainnPass.Result#pairsNeeded()} above the capacity, after which the caller repeats it with exactly
 * that capacity (rare: a step changes the pair count by far less than the margin).
 *
 * <p>Per molecule the search is all-pairs, O(n²): for molecules of up to a few hundred atoms that is less
 * work on a GPU than a cell list and perfectly regular. Batches with a molecule above {@link #MAX_MOLECULE}
 * atoms use the host's cell list instead. Needs fp64 on the device (the distance test must match the host's).
 */
final class DeviceNeighborList {
    /** Largest molecule searched on the device. */
    static final int MAX_MOLECULE = 2048;
    /** Capacity over the estimate: relative margin and minimum rows. */
    private static final double MARGIN = 1.1;
    private static final int MIN_MARGIN = 16;
    /** Atoms per Å³ assumed before any evaluation (condensed organic matter, hydrogens included). */
    private static final double DENSITY = 0.1;

    private final Kernels k;
    private final Workspace ws;
    private final double cutoff;
    private double pairsPerAtom;

    DeviceNeighborList(Kernels k, Workspace ws, double cutoff) {
        this.k = k;
        this.ws = ws;
        this.cutoff = cutoff;
        this.pairsPerAtom = 0.5 * DENSITY * 4 * Math.PI / 3 * cutoff * cutoff * cutoff;
    }

    /** Whether a batch is searched on the device (fp64 present, no molecule above {@link #MAX_MOLECULE} atoms). */
    static boolean supports(RaggedBatch batch, boolean fp64) {
        return fp64 && batch.largestMolecule() <= MAX_MOLECULE;
    }

    /** Pair capacity for a batch: the last evaluation's pairs per atom with a margin, at most all pairs. */
    int capacity(RaggedBatch batch) {
        long estimate = (long) Math.ceil(MARGIN * pairsPerAtom * batch.atoms) + MIN_MARGIN;
        return (int) Math.min(Math.min(estimate, batch.allPairs()), Integer.MAX_VALUE / 2);
    }

    /** Records the pairs a batch had, for the next capacity. */
    void observe(RaggedBatch batch, int pairs) {
        if (batch.atoms > 0) {
            pairsPerAtom = (double) pairs / batch.atoms;
        }
    }

    /** Enqueues the search for a batch into pair buffers of {@code capacity} rows. */
    GraphBuffers build(RaggedBatch batch, int capacity, boolean doubleReals) {
        int n = batch.atoms;
        int realBytes = doubleReals ? 8 : 4;
        double cut2 = cutoff * cutoff;
        var positions = ws.upload("positions", batch.positions, 3 * n, true);
        var span = ws.upload("span", batch.moleculeSpans(), 2 * n);
        Kernels.Launch count = k.launch("nbl_count");
        int group = count.group();
        int groups = (n + group - 1) / group;
        var offset = ws.scratch("nblOffset", 8L * n);
        var groupTotal = ws.scratch("nblGroups", 8L * groups);
        var pairCount = ws.result("pairCount", 8);
        count.mem(positions).mem(span).i(n).d(cut2).local(24).local(8).mem(offset).mem(groupTotal).run(n);
        k.launch("nbl_scan").mem(groupTotal).i(groups).i(capacity).local(8).mem(pairCount).runGroup();
        GraphBuffers g = new GraphBuffers(capacity, ws.scratch("rij", 3L * capacity * realBytes),
                ws.scratch("rowStart", 4L * (n + 1)), ws.scratch("nbr", 8L * capacity), ws.scratch("epair", 8L * capacity),
                ws.scratch("pairI", 4L * capacity), ws.scratch("pairJ", 4L * capacity), pairCount);
        k.launch("nbl_fill").mem(positions).mem(span).i(n).d(cut2).local(24).mem(offset).mem(groupTotal).i(group)
                .mem(pairCount).i(capacity).mem(g.rowStart()).mem(g.nbr()).mem(g.epair()).mem(g.pairI()).mem(g.pairJ())
                .mem(g.rij()).run(n);
        k.launch("nbl_transpose").mem(g.pairI()).mem(g.pairJ()).mem(pairCount).mem(g.rowStart()).mem(g.nbr())
                .mem(g.epair()).run(capacity);
        return g;
    }
}

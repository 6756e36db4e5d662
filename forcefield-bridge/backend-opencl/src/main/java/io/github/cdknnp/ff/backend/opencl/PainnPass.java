package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLBuffer;
import io.github.cdknnp.ff.model.PainnParameters;
import java.nio.IntBuffer;

/**
 * One evaluation of a ragged batch whose neighbour graph is on the device: uploads the elements, enqueues the
 * forward pass, the readout and the hand-written backward pass (the kernel sequence mirrors
 * {@code ReferencePainn} line by line), and reads back per-atom energies, forces and the pair count. About 30
 * launches per block; nothing is allocated on the device once the workspace has grown to the batch size.
 */
final class PainnPass {
    private final PainnParameters p;
    private final DeviceWeights w;
    private final Kernels k;
    private final Workspace ws;
    private final int realBytes;
    private final int accBytes;
    private final int f;
    private final int rbf;
    private final int ldr;
    private final int hidden;
    private final RaggedBatch batch;
    private final GraphBuffers g;
    private final int n;
    private final int pairs;
    private CLBuffer<?> allRows;

    PainnPass(PainnParameters p, DeviceWeights w, Kernels k, Workspace ws, boolean fp64, RaggedBatch batch, GraphBuffers g) {
        this.p = p;
        this.w = w;
        this.k = k;
        this.ws = ws;
        this.realBytes = k.precision.realBytes();
        this.accBytes = fp64 ? 8 : 4;
        this.f = p.features();
        this.rbf = p.rbfCount();
        this.ldr = w.rbfStride;
        this.hidden = p.readout1().outputs();
        this.batch = batch;
        this.g = g;
        this.n = batch.atoms;
        this.pairs = g.pairRows();
    }

    /**
     * Per-atom energies (readout only, without reference energies) and flat per-atom forces, in batch order;
     * the pairs the batch needs (above the graph's pair rows only when a device list overflowed, and then the
     * results are void).
     */
    record Result(double[] atomEnergy, double[] forces, int pairsNeeded) {
    }

    Result run() {
        CLBuffer<?> element = ws.upload("element", batch.element, n);
        allRows = ws.upload("allRows", new int[]{Integer.MAX_VALUE}, 1);
        k.launch("embed").mem(element).mem(w.embedding).mem(real("s0", n * f)).mem(real("v0", 3 * n * f))
                .i(n).i(f).runRows(f, n);
        k.launch("pair_geometry").mem(g.rij()).mem(g.pairCount()).r(p.cutoff()).i(rbf).i(ldr).r(p.rbfGamma())
                .mem(real("geom", 8L * pairs)).mem(real("rbf", (long) pairs * ldr)).run(pairs);
        for (int t = 0; t < p.blocks(); t++) {
            forwardBlock(t);
        }
        CLBuffer<?> energy = ws.result("atomE", (long) n * realBytes);
        int blocks = p.blocks();
        linear(real("s" + blocks, n * f), f, w.readout1, false, real("rh", n * hidden), hidden, n, false);
        k.launch("readout").mem(real("rh", n * hidden)).mem(w.readout2).r(w.readout2Bias).r(p.energyScale())
                .mem(energy).mem(real("rdh", n * hidden)).i(n).i(hidden).run(n);
        linear(real("rdh", n * hidden), hidden, w.readout1, true, real("ds", n * f), f, n, false);
        CLBuffer<?> dv = real("dv", 3 * n * f);
        CLBuffer<?> dvNext = real("dv2", 3 * n * f);
        k.launch("fill_zero").mem(dv).i(3 * n * f).run(3L * n * f);
        CLBuffer<?> grad = ws.scratch("grad", (long) Math.max(1, 3 * pairs) * accBytes);
        k.launch("fill_zero_acc").mem(grad).i(3 * pairs).run(3L * pairs);
        for (int t = blocks - 1; t >= 0; t--) {
            mixingBackward(t, dv);
            interactionBackward(t, dv, dvNext, grad, t != blocks - 1);
            CLBuffer<?> swap = dv;
            dv = dvNext;
            dvNext = swap;
        }
        CLBuffer<?> forces = ws.result("forces", 3L * n * accBytes);
        k.launch("atom_forces").mem(g.rowStart()).mem(g.nbr()).mem(g.epair()).mem(grad).mem(forces).i(n).run(n);
        IntBuffer pairCount = ws.readInts(g.pairCount(), 2);
        double[] e = ws.download(energy, n, realBytes == 8);
        double[] fr = ws.download(forces, 3 * n, accBytes == 8);
        return new Result(e, fr, pairCount.get(1));
    }

    private void forwardBlock(int t) {
        DeviceWeights.Block b = w.blocks.get(t);
        CLBuffer<?> s = real("s" + t, n * f);
        CLBuffer<?> v = real("v" + t, 3 * n * f);
        CLBuffer<?> act = real("act", n * f);
        linear(s, f, b.context1(), false, real("ch" + t, n * f), f, n, false);
        silu(real("ch" + t, n * f), act, n * f);
        linear(act, f, b.context2(), false, real("x" + t, 3 * n * f), 3 * f, n, false);
        pairLinear(real("rbf", (long) pairs * ldr), ldr, b.filter(), false, real("filt", 3L * pairs * f), 3 * f);
        k.launch("message").mem(g.rowStart()).mem(g.nbr()).mem(g.epair()).mem(real("geom", 8L * pairs)).mem(real("filt", 3L * pairs * f))
                .mem(real("x" + t, 3 * n * f)).mem(s).mem(v).mem(real("sm" + t, n * f)).mem(real("vm" + t, 3 * n * f))
                .i(n).i(f).runRows(f / k.vectorWidth, n);
        linear(real("vm" + t, 3 * n * f), f, b.channel(), false, real("vw" + t, 6 * n * f), 2 * f, 3 * n, false);
        k.launch("mix_context").mem(real("sm" + t, n * f)).mem(real("vw" + t, 6 * n * f)).mem(real("ctx", 2 * n * f))
                .mem(real("nd" + t, 2 * n * f)).i(n).i(f).runRows(f, n);
        linear(real("ctx", 2 * n * f), 2 * f, b.mlp1(), false, real("mh" + t, n * f), f, n, false);
        silu(real("mh" + t, n * f), act, n * f);
        linear(act, f, b.mlp2(), false, real("y" + t, 3 * n * f), 3 * f, n, false);
        k.launch("mix_update").mem(real("sm" + t, n * f)).mem(real("vm" + t, 3 * n * f)).mem(real("vw" + t, 6 * n * f))
                .mem(real("nd" + t, 2 * n * f)).mem(real("y" + t, 3 * n * f)).mem(real("s" + (t + 1), n * f))
                .mem(real("v" + (t + 1), 3 * n * f)).i(n).i(f).runRows(f, n);
    }

    /** ds, dv: gradients w.r.t. the mixing output on entry, w.r.t. its input on return. */
    private void mixingBackward(int t, CLBuffer<?> dv) {
        DeviceWeights.Block b = w.blocks.get(t);
        CLBuffer<?> ds = real("ds", n * f);
        CLBuffer<?> dy = real("dy", 3 * n * f);
        CLBuffer<?> dvw = real("dvw", 6 * n * f);
        CLBuffer<?> dact = real("dact", n * f);
        CLBuffer<?> dctx = real("dctx", 2 * n * f);
        k.launch("mix_backward1").mem(ds).mem(dv).mem(real("vw" + t, 6 * n * f)).mem(real("nd" + t, 2 * n * f))
                .mem(real("y" + t, 3 * n * f)).mem(dy).mem(dvw).i(n).i(f).runRows(f, n);
        linear(dy, 3 * f, b.mlp2(), true, dact, f, n, false);
        k.launch("silu_backward").mem(dact).mem(real("mh" + t, n * f)).i(n * f).run((long) n * f);
        linear(dact, f, b.mlp1(), true, dctx, 2 * f, n, false);
        k.launch("mix_backward2").mem(ds).mem(dctx).mem(real("vw" + t, 6 * n * f)).mem(real("nd" + t, 2 * n * f))
                .mem(dvw).i(n).i(f).runRows(f, n);
        linear(dvw, 2 * f, b.channel(), true, dv, f, 3 * n, true);
    }

    /** Backward through block t's interaction: ds updated in place, dv's successor written to dvNext, pair gradients added. */
    private void interactionBackward(int t, CLBuffer<?> dv, CLBuffer<?> dvNext, CLBuffer<?> grad, boolean recomputeFilter) {
        DeviceWeights.Block b = w.blocks.get(t);
        CLBuffer<?> ds = real("ds", n * f);
        CLBuffer<?> x = real("x" + t, 3 * n * f);
        CLBuffer<?> v = real("v" + t, 3 * n * f);
        CLBuffer<?> geom = real("geom", 8L * pairs);
        CLBuffer<?> filt = real("filt", 3L * pairs * f);
        CLBuffer<?> dw = real("dw", 3L * pairs * f);
        CLBuffer<?> dRbf = real("drbf", (long) pairs * ldr);
        CLBuffer<?> dx = real("dx", 3 * n * f);
        CLBuffer<?> dact = real("dact", n * f);
        if (recomputeFilter) {
            pairLinear(real("rbf", (long) pairs * ldr), ldr, b.filter(), false, filt, 3 * f);
        }
        k.launch("edge_backward").mem(g.rowStart()).mem(g.nbr()).mem(g.epair()).mem(geom).mem(filt).mem(x).mem(v).mem(ds).mem(dv)
                .mem(dx).mem(dvNext).i(n).i(f).runRows(f / k.vectorWidth, n);
        k.launch("pair_filter_grad").mem(g.pairI()).mem(g.pairJ()).mem(geom).mem(x).mem(v).mem(ds).mem(dv).mem(dw)
                .mem(g.pairCount()).i(f).runRows(f / k.vectorWidth, pairs);
        pairLinear(dw, 3 * f, b.filter(), true, dRbf, ldr);
        k.launch("pair_position_grad").mem(g.pairI()).mem(g.pairJ()).mem(geom).mem(real("rbf", (long) pairs * ldr))
                .mem(filt).mem(dw).mem(dRbf).mem(x).mem(dv).mem(grad).mem(g.pairCount()).i(f).i(rbf).i(ldr).r(p.cutoff()).r(p.rbfGamma())
                .run(pairs);
        linear(dx, 3 * f, b.context2(), true, dact, f, n, false);
        k.launch("silu_backward").mem(dact).mem(real("ch" + t, n * f)).i(n * f).run((long) n * f);
        linear(dact, f, b.context1(), true, ds, f, n, true);
    }

    /**
     * y = x·layer (forward: W transposed, with bias) or y = x·W (backward: input gradient from output gradient),
     * over {@code rows} atom rows.
     */
    private void linear(CLBuffer<?> x, int ldx, DeviceWeights.Layer layer, boolean backward, CLBuffer<?> y, int ldy,
            int rows, boolean accumulate) {
        dense(x, ldx, layer, backward, y, ldy, rows, allRows, accumulate);
    }

    /** The same over the pair rows in use. */
    private void pairLinear(CLBuffer<?> x, int ldx, DeviceWeights.Layer layer, boolean backward, CLBuffer<?> y, int ldy) {
        dense(x, ldx, layer, backward, y, ldy, pairs, g.pairCount(), false);
    }

    /** One {@code linear} launch over the first min(rows, rowLimit[0]) rows. */
    private void dense(CLBuffer<?> x, int ldx, DeviceWeights.Layer layer, boolean backward, CLBuffer<?> y, int ldy,
            int rows, CLBuffer<?> rowLimit, boolean accumulate) {
        int nin = backward ? layer.out() : layer.in();
        int nout = backward ? layer.paddedIn() : layer.out();
        boolean bias = !backward && layer.bias() != null;
        int vec = nout % 16 == 0 ? 16 : nout % 8 == 0 ? 8 : nout % 4 == 0 ? 4 : 1;
        int rowsPer = vec == 16 ? 4 : 8;
        k.launch(vec == 1 ? "linear" : "linear" + vec).mem(x).i(ldx).mem(backward ? layer.backward() : layer.forward())
                .mem(bias ? layer.bias() : layer.forward()).i(bias ? 1 : 0).mem(y).i(ldy).i(rows).mem(rowLimit).i(nin)
                .i(nout).i(accumulate ? 1 : 0).runRows(nout / vec, (rows + rowsPer - 1) / rowsPer);
    }

    private void silu(CLBuffer<?> in, CLBuffer<?> out, int count) {
        k.launch("silu_apply").mem(in).mem(out).i(count).run(count);
    }

    private CLBuffer<?> real(String name, long elements) {
        return ws.scratch(name, elements * realBytes);
    }
}

package io.github.cdknnp.ff.backend.cpu;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.NeighborList;
import io.github.cdknnp.ff.Potential;
import java.util.Arrays;
import java.util.List;

/**
 * PaiNN energies and forces for a batch of molecules in float32, the same function and the same
 * hand-written backward pass as {@code ReferencePainn}, rearranged for matrices.
 *
 * <p>Layout: the atoms of the active molecules are concatenated, in groups of about {@link #GROUP_ATOMS}, (molecule m owns rows
 * {@code atomStart[m] .. atomStart[m] + n_m}), scalars as {@code s[N, F]}, vectors as {@code v[N, 3F]}
 * (x, y, z blocks of F, i.e. {@code [3N, F]} row-major), per-atom layers as one GEMM over all atoms.
 * Pairs (each once, i &lt; j, from {@link NeighborList}, shifted by the molecule's first atom) hold the radial
 * basis {@code rbf[P, K]}; one GEMM {@code [P, K]·[K, T·3F]} gives the filters of every block. Messages
 * are scattered in Java in both directions per pair; the backward pass runs the blocks in reverse with
 * the transposed weights, overwrites each block's filter slice with its gradient, and one GEMM
 * {@code [P, T·3F]·[T·3F, K]} brings all of them back to the radial basis at the end.
 *
 * <p>Precision: weights, features and their gradients are float32 (GEMMs in OpenBLAS sgemm). Pair
 * geometry (r, d, u, basis, cutoff) is computed in double from double positions and rounded once;
 * per-atom energies are summed, and per-pair position gradients accumulated, in double. Against the
 * double-precision reference the energy agrees to ~1e-7 relative and forces to ~1e-6 of the largest force.
 *
 * <p>All work arrays are allocated once per bound batch (pair arrays grow on demand), so repeated calls
 * from an optimizer or integrator allocate nothing. Not thread-safe: bind one per thread.
 */
final class CpuPainn implements BatchPotential {
    private static final float NORM_EPSILON = 1e-8f;
    /** Target atom count of one evaluation group (a molecule larger than this is evaluated alone). */
    static final int GROUP_ATOMS = 256;

    private final CpuWeights w;
    private final int[][] elements;
    private final int f;
    private final int f3;
    private final int tf3;
    private final int k;
    private final int blocks;
    private final int hid;
    private final Gemm gemm = new Gemm();

    // Atom arrays, sized for the whole batch; rows beyond the active atoms are ignored.
    private final int[] atomStart;
    private final int[] atomElement;
    private final float[] s;
    private final float[][] vIn;
    private final float[] vMid;
    private final float[][] h1;
    private final float[][] x;
    private final float[][] vw;
    private final float[][] norm;
    private final float[][] dot;
    private final float[][] h2;
    private final float[][] y;
    private final float[] h3;
    private final float[] ctx;
    private final float[] act;
    private final float[] ds;
    private final float[] dv;
    private final float[] dvPrev;
    private final float[] dx;
    private final float[] dy;
    private final float[] dvw;
    private final float[] dCtx;
    private final float[] tmpF;
    private final float[] tmp3F;
    private final double[] gradient;
    private final double[] atomEnergy;

    private final PairGeometry pairs;

    CpuPainn(CpuWeights weights, List<int[]> molecules) {
        this.w = weights;
        this.elements = new int[molecules.size()][];
        int largest = 0;
        for (int m = 0; m < elements.length; m++) {
            elements[m] = molecules.get(m).clone();
            for (int e : elements[m]) {
                if (e < 0 || e >= weights.embedding.length) {
                    throw new IllegalArgumentException("element index " + e + " outside the model's " + weights.embedding.length);
                }
            }
            largest = Math.max(largest, elements[m].length);
        }
        f = weights.features;
        f3 = 3 * f;
        k = weights.rbfCount;
        blocks = weights.blocks;
        tf3 = blocks * f3;
        hid = weights.readoutHidden;
        int n = Math.max(1, Math.max(largest, Math.min(GROUP_ATOMS, total(elements))));
        atomStart = new int[elements.length];
        atomElement = new int[n];
        s = new float[n * f];
        vIn = new float[blocks + 1][n * f3];
        vMid = new float[n * f3];
        h1 = new float[blocks][n * f];
        x = new float[blocks][n * f3];
        vw = new float[blocks][n * 2 * f3];
        norm = new float[blocks][n * f];
        dot = new float[blocks][n * f];
        h2 = new float[blocks][n * f];
        y = new float[blocks][n * f3];
        h3 = new float[n * hid];
        ctx = new float[n * 2 * f];
        act = new float[n * Math.max(f, hid)];
        ds = new float[n * f];
        dv = new float[n * f3];
        dvPrev = new float[n * f3];
        dx = new float[n * f3];
        dy = new float[n * f3];
        dvw = new float[n * 2 * f3];
        dCtx = new float[n * 2 * f];
        tmpF = new float[n * f];
        tmp3F = new float[n * f3];
        gradient = new double[3 * n];
        atomEnergy = new double[n];
        pairs = new PairGeometry(weights, Math.max(64, 4 * n));
    }

    private static int total(int[][] molecules) {
        int t = 0;
        for (int[] m : molecules) {
            t += m.length;
        }
        return t;
    }

    /** This batch as a single-molecule potential (for a batch of one). */
    Potential single() {
        if (elements.length != 1) {
            throw new IllegalStateException("not a single molecule");
        }
        double[][] xs = new double[1][];
        double[][] fs = new double[1][];
        double[] es = new double[1];
        return new Potential() {
            @Override
            public int atomCount() {
                return elements[0].length;
            }

            @Override
            public double compute(double[] positions, double[] forces) {
                xs[0] = positions;
                fs[0] = forces;
                try {
                    CpuPainn.this.compute(xs, fs, es, null);
                } finally {
                    xs[0] = null;
                    fs[0] = null;
                }
                return es[0];
            }
        };
    }

    @Override
    public int size() {
        return elements.length;
    }

    @Override
    public int atomCount(int m) {
        return elements[m].length;
    }

    @Override
    public void compute(double[][] positions, double[][] forces, double[] energies, boolean[] active) {
        for (int m = 0; m < elements.length; m++) {
            if (active == null || active[m]) {
                Geometry.check(positions[m], elements[m].length);
                if (forces[m].length != positions[m].length) {
                    throw new IllegalArgumentException("forces array of structure " + m + " has length "
                            + forces[m].length + ", expected " + positions[m].length);
                }
            }
        }
        // Molecules are evaluated in groups of about GROUP_ATOMS atoms: enough rows for efficient GEMMs, few
        // enough that a block's features stay in cache during the pair loops (one 2,700-atom group was slower
        // than 64 single molecules).
        int first = 0;
        while (first < elements.length) {
            int n = 0;
            pairs.clear();
            int end = first;
            for (; end < elements.length; end++) {
                atomStart[end] = -1;
                if (active != null && !active[end]) {
                    continue;
                }
                if (n > 0 && n + elements[end].length > GROUP_ATOMS) {
                    break;
                }
                atomStart[end] = n;
                System.arraycopy(elements[end], 0, atomElement, n, elements[end].length);
                pairs.add(positions[end], n);
                n += elements[end].length;
            }
            if (n > 0) {
                evaluate(n);
                store(first, end, forces, energies);
            }
            first = end;
        }
    }

    /** Energies and forces of molecules first..end-1 of the group just evaluated. */
    private void store(int first, int end, double[][] forces, double[] energies) {
        for (int m = first; m < end; m++) {
            if (atomStart[m] < 0) {
                continue;
            }
            int from = atomStart[m];
            int count = elements[m].length;
            double e = 0;
            for (int a = 0; a < count; a++) {
                e += atomEnergy[from + a];
            }
            if (!Double.isFinite(e)) {
                throw new CalculationException("PaiNN energy of structure " + m + " is " + e);
            }
            energies[m] = e;
            for (int c = 0; c < 3 * count; c++) {
                forces[m][c] = -gradient[3 * from + c];
            }
        }
    }

    /** Forward and backward over n concatenated atoms and their pairs; fills {@link #gradient} and {@link #atomEnergy}. */
    private void evaluate(int n) {
        for (int a = 0; a < n; a++) {
            System.arraycopy(w.embedding[atomElement[a]], 0, s, a * f, f);
        }
        Arrays.fill(vIn[0], 0, n * f3, 0f);
        gemm.multiply(pairs.rbf, pairs.count, w.filterT, w.filterB, pairs.filters, false);
        for (int t = 0; t < blocks; t++) {
            interactionForward(t, n);
            mixingForward(t, n);
        }
        // Readout: e_i = atomref + shift + scale·(w2·silu(W1·s_i + b1) + b2); ds = ∂E/∂s.
        gemm.multiply(s, n, w.readout1T, w.readout1B, h3, false);
        float scale = (float) w.energyScale;
        for (int a = 0; a < n; a++) {
            double out = w.readout2B;
            for (int h = 0; h < hid; h++) {
                float z = h3[a * hid + h];
                out += w.readout2W[h] * silu(z);
                act[a * hid + h] = scale * w.readout2W[h] * siluDerivative(z);
            }
            atomEnergy[a] = w.atomref[atomElement[a]] + w.energyShift + w.energyScale * out;
        }
        gemm.multiply(act, n, w.readout1, null, ds, false);
        Arrays.fill(dv, 0, n * f3, 0f);
        pairs.startBackward();
        for (int t = blocks - 1; t >= 0; t--) {
            mixingBackward(t, n);
            interactionBackward(t, n);
        }
        // the filters now hold ∂E/∂(filter output before the cutoff) of every block: back to the radial basis
        gemm.multiply(pairs.filters, pairs.count, w.filter, null, pairs.rbfGradient, false);
        Arrays.fill(gradient, 0, 3 * n, 0);
        pairs.addPositionGradient(gradient);
    }

    /** x = context2(silu(context1(s))); s += Σ_j a_ij; vMid = vIn + Σ_j (b_ij u_ij + c_ij v_j). */
    private void interactionForward(int t, int n) {
        int[] pi = pairs.first;
        int[] pj = pairs.second;
        float[] cutF = pairs.cutF;
        float[] unitF = pairs.unitF;
        float[] filt = pairs.filters;
        int pairCount = pairs.count;
        float[] hh = h1[t];
        float[] xx = x[t];
        float[] vi0 = vIn[t];
        gemm.multiply(s, n, w.context1T[t], w.context1B[t], hh, false);
        for (int q = 0; q < n * f; q++) {
            act[q] = silu(hh[q]);
        }
        gemm.multiply(act, n, w.context2T[t], w.context2B[t], xx, false);
        System.arraycopy(vi0, 0, vMid, 0, n * f3);
        boolean vZero = t == 0;
        for (int p = 0; p < pairCount; p++) {
            int i = pi[p];
            int j = pj[p];
            float fc = cutF[p];
            float ux = unitF[3 * p];
            float uy = unitF[3 * p + 1];
            float uz = unitF[3 * p + 2];
            int wo = p * tf3 + t * f3;
            int si = i * f;
            int sj = j * f;
            int ai = i * f3;
            int aj = j * f3;
            for (int c = 0; c < f; c++) {
                float wa = filt[wo + c] * fc;
                float wb = filt[wo + f + c] * fc;
                float wc = filt[wo + 2 * f + c] * fc;
                s[si + c] += xx[aj + c] * wa;
                s[sj + c] += xx[ai + c] * wa;
                float bj = xx[aj + f + c] * wb;
                float bi = xx[ai + f + c] * wb;
                vMid[ai + c] += bj * ux;
                vMid[ai + f + c] += bj * uy;
                vMid[ai + 2 * f + c] += bj * uz;
                vMid[aj + c] -= bi * ux;
                vMid[aj + f + c] -= bi * uy;
                vMid[aj + 2 * f + c] -= bi * uz;
                if (!vZero) {
                    float cj = xx[aj + 2 * f + c] * wc;
                    float ci = xx[ai + 2 * f + c] * wc;
                    vMid[ai + c] += cj * vi0[aj + c];
                    vMid[ai + f + c] += cj * vi0[aj + f + c];
                    vMid[ai + 2 * f + c] += cj * vi0[aj + 2 * f + c];
                    vMid[aj + c] += ci * vi0[ai + c];
                    vMid[aj + f + c] += ci * vi0[ai + f + c];
                    vMid[aj + 2 * f + c] += ci * vi0[ai + 2 * f + c];
                }
            }
        }
    }

    /** V, W = channel(v); (p, q, r) = mlp2(silu(mlp1([s, ‖V‖]))); s += p + r ∘ Σ V∘W; vIn[t+1] = v + q ∘ W. */
    private void mixingForward(int t, int n) {
        float[] vwt = vw[t];
        float[] nt = norm[t];
        float[] dt = dot[t];
        float[] yt = y[t];
        int f2 = 2 * f;
        gemm.multiply(vMid, 3 * n, w.channelT[t], null, vwt, false);
        for (int a = 0; a < n; a++) {
            int r0 = 3 * a * f2;
            System.arraycopy(s, a * f, ctx, a * f2, f);
            for (int c = 0; c < f; c++) {
                float vx = vwt[r0 + c];
                float vy = vwt[r0 + f2 + c];
                float vz = vwt[r0 + 2 * f2 + c];
                float nrm = (float) Math.sqrt(vx * vx + vy * vy + vz * vz + NORM_EPSILON);
                nt[a * f + c] = nrm;
                dt[a * f + c] = vx * vwt[r0 + f + c] + vy * vwt[r0 + f2 + f + c] + vz * vwt[r0 + 2 * f2 + f + c];
                ctx[a * f2 + f + c] = nrm;
            }
        }
        gemm.multiply(ctx, n, w.mlp1T[t], w.mlp1B[t], h2[t], false);
        float[] hh = h2[t];
        for (int q = 0; q < n * f; q++) {
            act[q] = silu(hh[q]);
        }
        gemm.multiply(act, n, w.mlp2T[t], w.mlp2B[t], yt, false);
        float[] vNext = vIn[t + 1];
        for (int a = 0; a < n; a++) {
            int r0 = 3 * a * f2;
            int yo = a * f3;
            for (int c = 0; c < f; c++) {
                s[a * f + c] += yt[yo + c] + yt[yo + 2 * f + c] * dt[a * f + c];
                float qq = yt[yo + f + c];
                for (int xyz = 0; xyz < 3; xyz++) {
                    vNext[yo + xyz * f + c] = vMid[yo + xyz * f + c] + qq * vwt[r0 + xyz * f2 + f + c];
                }
            }
        }
    }

    /** ds, dv: gradients w.r.t. block t's output on entry, w.r.t. its interaction output on exit. */
    private void mixingBackward(int t, int n) {
        float[] vwt = vw[t];
        float[] nt = norm[t];
        float[] dt = dot[t];
        float[] yt = y[t];
        int f2 = 2 * f;
        for (int a = 0; a < n; a++) {
            int r0 = 3 * a * f2;
            int yo = a * f3;
            for (int c = 0; c < f; c++) {
                float g = ds[a * f + c];
                dy[yo + c] = g;
                dy[yo + 2 * f + c] = g * dt[a * f + c];
                float dDot = g * yt[yo + 2 * f + c];
                float qq = yt[yo + f + c];
                float dq = 0;
                for (int xyz = 0; xyz < 3; xyz++) {
                    float gv = dv[yo + xyz * f + c];
                    float vv = vwt[r0 + xyz * f2 + c];
                    float ww = vwt[r0 + xyz * f2 + f + c];
                    dq += gv * ww;
                    dvw[r0 + xyz * f2 + f + c] = gv * qq + dDot * vv;
                    dvw[r0 + xyz * f2 + c] = dDot * ww;
                }
                dy[yo + f + c] = dq;
            }
        }
        gemm.multiply(dy, n, w.mlp2[t], null, act, false);
        float[] hh = h2[t];
        for (int q = 0; q < n * f; q++) {
            act[q] *= siluDerivative(hh[q]);
        }
        gemm.multiply(act, n, w.mlp1[t], null, dCtx, false);
        for (int a = 0; a < n; a++) {
            int r0 = 3 * a * f2;
            for (int c = 0; c < f; c++) {
                ds[a * f + c] += dCtx[a * f2 + c];
                float dn = dCtx[a * f2 + f + c] / nt[a * f + c];
                for (int xyz = 0; xyz < 3; xyz++) {
                    dvw[r0 + xyz * f2 + c] += dn * vwt[r0 + xyz * f2 + c];
                }
            }
        }
        gemm.multiply(dvw, 3 * n, w.channel[t], null, dv, true);
    }

    /** ds, dv: gradients w.r.t. block t's interaction output on entry, w.r.t. its input on exit; collects pair gradients. */
    private void interactionBackward(int t, int n) {
        int[] pi = pairs.first;
        int[] pj = pairs.second;
        float[] cutF = pairs.cutF;
        float[] unitF = pairs.unitF;
        float[] filt = pairs.filters;
        int pairCount = pairs.count;
        double[] duAcc = pairs.unitGradient;
        double[] dCutAcc = pairs.cutGradient;
        float[] xx = x[t];
        float[] vi0 = vIn[t];
        System.arraycopy(dv, 0, dvPrev, 0, n * f3);
        Arrays.fill(dx, 0, n * f3, 0f);
        for (int p = 0; p < pairCount; p++) {
            int i = pi[p];
            int j = pj[p];
            float fc = cutF[p];
            float ux = unitF[3 * p];
            float uy = unitF[3 * p + 1];
            float uz = unitF[3 * p + 2];
            int wo = p * tf3 + t * f3;
            int si = i * f;
            int sj = j * f;
            int ai = i * f3;
            int aj = j * f3;
            float dux = 0;
            float duy = 0;
            float duz = 0;
            float dCut = 0;
            for (int c = 0; c < f; c++) {
                float fa = filt[wo + c];
                float fb = filt[wo + f + c];
                float fcc = filt[wo + 2 * f + c];
                float wa = fa * fc;
                float wb = fb * fc;
                float wc = fcc * fc;
                // Direction i <- j (sign +) uses the gradient at i; direction j <- i (sign -) the one at j.
                float dai = ds[si + c];
                float daj = ds[sj + c];
                float gix = dv[ai + c];
                float giy = dv[ai + f + c];
                float giz = dv[ai + 2 * f + c];
                float gjx = dv[aj + c];
                float gjy = dv[aj + f + c];
                float gjz = dv[aj + 2 * f + c];
                float dbi = gix * ux + giy * uy + giz * uz;
                float dbj = -(gjx * ux + gjy * uy + gjz * uz);
                float dci = gix * vi0[aj + c] + giy * vi0[aj + f + c] + giz * vi0[aj + 2 * f + c];
                float dcj = gjx * vi0[ai + c] + gjy * vi0[ai + f + c] + gjz * vi0[ai + 2 * f + c];
                float xja = xx[aj + c];
                float xia = xx[ai + c];
                float xjb = xx[aj + f + c];
                float xib = xx[ai + f + c];
                float xjc = xx[aj + 2 * f + c];
                float xic = xx[ai + 2 * f + c];
                float bjw = xjb * wb;
                float biw = xib * wb;
                dux += gix * bjw - gjx * biw;
                duy += giy * bjw - gjy * biw;
                duz += giz * bjw - gjz * biw;
                float cjw = xjc * wc;
                float ciw = xic * wc;
                dvPrev[aj + c] += gix * cjw;
                dvPrev[aj + f + c] += giy * cjw;
                dvPrev[aj + 2 * f + c] += giz * cjw;
                dvPrev[ai + c] += gjx * ciw;
                dvPrev[ai + f + c] += gjy * ciw;
                dvPrev[ai + 2 * f + c] += gjz * ciw;
                dx[aj + c] += dai * wa;
                dx[ai + c] += daj * wa;
                dx[aj + f + c] += dbi * wb;
                dx[ai + f + c] += dbj * wb;
                dx[aj + 2 * f + c] += dci * wc;
                dx[ai + 2 * f + c] += dcj * wc;
                float dwa = dai * xja + daj * xia;
                float dwb = dbi * xjb + dbj * xib;
                float dwc = dci * xjc + dcj * xic;
                dCut += dwa * fa + dwb * fb + dwc * fcc;
                filt[wo + c] = dwa * fc;
                filt[wo + f + c] = dwb * fc;
                filt[wo + 2 * f + c] = dwc * fc;
            }
            duAcc[3 * p] += dux;
            duAcc[3 * p + 1] += duy;
            duAcc[3 * p + 2] += duz;
            dCutAcc[p] += dCut;
        }
        gemm.multiply(dx, n, w.context2[t], null, tmpF, false);
        float[] hh = h1[t];
        for (int q = 0; q < n * f; q++) {
            tmpF[q] *= siluDerivative(hh[q]);
        }
        gemm.multiply(tmpF, n, w.context1[t], null, ds, true);
        System.arraycopy(dvPrev, 0, dv, 0, n * f3);
    }

    static float silu(float z) {
        return z / (1 + (float) Math.exp(-z));
    }

    static float siluDerivative(float z) {
        float sig = 1 / (1 + (float) Math.exp(-z));
        return sig * (1 + z * (1 - sig));
    }
}

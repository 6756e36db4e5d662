package io.github.cdknnp.ff.backend;

import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.NeighborList;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.model.Dense;
import io.github.cdknnp.ff.model.PainnParameters;
import java.util.Arrays;

/**
 * PaiNN energy and analytic forces in plain double-precision Java: the oracle every other backend is
 * tested against, written to be read next to {@code resources/MODEL_FORMAT.md}.
 *
 * <p>Forward pass, per block t: interaction (messages from neighbours j within the cutoff)
 * <pre>
 *   x_j = context2(silu(context1(s_j)));  w_ij = filter(rbf(d_ij)) · fc(d_ij);  (a,b,c) = x_j ∘ w_ij
 *   s_i += Σ_j a_ij;   v_i += Σ_j b_ij ⊗ u_ij + c_ij ∘ v_j
 * </pre>
 * then mixing (per atom)
 * <pre>
 *   V, W = channel(v);  (p,q,r) = mlp2(silu(mlp1([s, sqrt(Σ V² + ε)])));  s += p + r ∘ Σ V∘W;  v += q ∘ W
 * </pre>
 * and E = Σ_i atomref + shift + scale · readout(s_i). The backward pass below mirrors it line by line
 * (reverse-mode differentiation by hand), giving F = −∂E/∂R exactly.
 */
final class ReferencePainn implements Potential {
    private static final double NORM_EPSILON = 1e-8;

    private final PainnParameters p;
    private final int[] element;
    private final int n;
    private final int f;

    ReferencePainn(PainnParameters parameters, int[] elementIndex) {
        this.p = parameters;
        this.element = elementIndex.clone();
        this.n = elementIndex.length;
        this.f = parameters.features();
    }

    @Override
    public int atomCount() {
        return n;
    }

    @Override
    public double compute(double[] positions, double[] forces) {
        Pairs pairs = new Pairs(positions, p);
        int blocks = p.blocks();
        // Saved activations: scalars/vectors entering each block and after its interaction half.
        double[][][] sIn = new double[blocks + 1][][];
        double[][][][] vIn = new double[blocks + 1][][][];
        double[][][] sMid = new double[blocks][][];
        double[][][][] vMid = new double[blocks][][][];
        sIn[0] = new double[n][];
        vIn[0] = new double[n][3][f];
        for (int i = 0; i < n; i++) {
            sIn[0][i] = p.embedding()[element[i]].clone();
        }
        for (int t = 0; t < blocks; t++) {
            PainnParameters.Layer layer = p.layers().get(t);
            sMid[t] = copy(sIn[t]);
            vMid[t] = copy(vIn[t]);
            interactionForward(layer, pairs, sIn[t], vIn[t], sMid[t], vMid[t]);
            sIn[t + 1] = copy(sMid[t]);
            vIn[t + 1] = copy(vMid[t]);
            for (int i = 0; i < n; i++) {
                mixingForward(layer, sMid[t][i], vMid[t][i], sIn[t + 1][i], vIn[t + 1][i]);
            }
        }
        double energy = 0;
        double[][] ds = new double[n][f];
        double[][][] dv = new double[n][3][f];
        for (int i = 0; i < n; i++) {
            energy += p.atomref()[element[i]] + p.energyShift() + readout(sIn[blocks][i], ds[i]);
        }
        if (!Double.isFinite(energy)) {
            throw new CalculationException("PaiNN energy is " + energy);
        }
        double[] gradient = new double[3 * n];
        for (int t = blocks - 1; t >= 0; t--) {
            PainnParameters.Layer layer = p.layers().get(t);
            for (int i = 0; i < n; i++) {
                mixingBackward(layer, sMid[t][i], vMid[t][i], ds[i], dv[i]);
            }
            interactionBackward(layer, pairs, sIn[t], vIn[t], ds, dv, gradient);
        }
        for (int k = 0; k < gradient.length; k++) {
            forces[k] = -gradient[k];
        }
        return energy;
    }

    /** Per-atom readout; writes ∂e_i/∂s_i into {@code ds} and returns the scaled atomic energy. */
    private double readout(double[] s, double[] ds) {
        Dense l1 = p.readout1();
        Dense l2 = p.readout2();
        double[] h = new double[l1.outputs()];
        l1.forward(s, h);
        double out = l2.bias(0);
        double[] dh = new double[h.length];
        for (int k = 0; k < h.length; k++) {
            out += l2.weight(0, k) * silu(h[k]);
            dh[k] = p.energyScale() * l2.weight(0, k) * siluDerivative(h[k]);
        }
        l1.backward(dh, ds);
        return p.energyScale() * out;
    }

    private void interactionForward(PainnParameters.Layer layer, Pairs pairs, double[][] s, double[][][] v,
            double[][] sOut, double[][][] vOut) {
        double[][] x = context(layer, s, null);
        double[] w = new double[3 * f];
        for (int k = 0; k < pairs.count; k++) {
            pairs.filter(layer, k, w, null);
            for (int dir = 0; dir < 2; dir++) {
                int i = dir == 0 ? pairs.i[k] : pairs.j[k];
                int j = dir == 0 ? pairs.j[k] : pairs.i[k];
                double sign = dir == 0 ? 1 : -1;
                for (int c = 0; c < f; c++) {
                    double a = x[j][c] * w[c];
                    double b = x[j][f + c] * w[f + c];
                    double cc = x[j][2 * f + c] * w[2 * f + c];
                    sOut[i][c] += a;
                    for (int xyz = 0; xyz < 3; xyz++) {
                        vOut[i][xyz][c] += b * sign * pairs.u[3 * k + xyz] + cc * v[j][xyz][c];
                    }
                }
            }
        }
    }

    private void interactionBackward(PainnParameters.Layer layer, Pairs pairs, double[][] s, double[][][] v,
            double[][] ds, double[][][] dv, double[] gradient) {
        double[][] hidden = new double[n][];
        double[][] x = context(layer, s, hidden);
        double[][] dx = new double[n][3 * f];
        double[][][] dvPrev = copy(dv);
        double[] filt = new double[3 * f];
        double[] w = new double[3 * f];
        double[] dw = new double[3 * f];
        for (int k = 0; k < pairs.count; k++) {
            pairs.filter(layer, k, w, filt);
            Arrays.fill(dw, 0);
            double[] du = new double[3];
            for (int dir = 0; dir < 2; dir++) {
                int i = dir == 0 ? pairs.i[k] : pairs.j[k];
                int j = dir == 0 ? pairs.j[k] : pairs.i[k];
                double sign = dir == 0 ? 1 : -1;
                for (int c = 0; c < f; c++) {
                    double da = ds[i][c];
                    double db = 0;
                    double dc = 0;
                    for (int xyz = 0; xyz < 3; xyz++) {
                        double g = dv[i][xyz][c];
                        db += g * sign * pairs.u[3 * k + xyz];
                        du[xyz] += g * sign * x[j][f + c] * w[f + c];
                        dc += g * v[j][xyz][c];
                        dvPrev[j][xyz][c] += g * x[j][2 * f + c] * w[2 * f + c];
                    }
                    dx[j][c] += da * w[c];
                    dx[j][f + c] += db * w[f + c];
                    dx[j][2 * f + c] += dc * w[2 * f + c];
                    dw[c] += da * x[j][c];
                    dw[f + c] += db * x[j][f + c];
                    dw[2 * f + c] += dc * x[j][2 * f + c];
                }
            }
            pairs.backpropagate(layer, k, filt, dw, du, gradient);
        }
        for (int a = 0; a < n; a++) {
            double[] dHidden = new double[f];
            layer.context2().backward(dx[a], dHidden);
            for (int c = 0; c < f; c++) {
                dHidden[c] *= siluDerivative(hidden[a][c]);
            }
            layer.context1().backward(dHidden, ds[a]);
            dv[a] = dvPrev[a];
        }
    }

    /** x = context2(silu(context1(s))) per atom; stores context1's pre-activation when asked. */
    private double[][] context(PainnParameters.Layer layer, double[][] s, double[][] hiddenOut) {
        double[][] x = new double[n][3 * f];
        double[] h = new double[f];
        for (int a = 0; a < n; a++) {
            layer.context1().forward(s[a], h);
            if (hiddenOut != null) {
                hiddenOut[a] = h.clone();
            }
            double[] act = new double[f];
            for (int c = 0; c < f; c++) {
                act[c] = silu(h[c]);
            }
            layer.context2().forward(act, x[a]);
        }
        return x;
    }

    /** One atom's mixing: from (s, v) entering it, writes the updated features into sOut, vOut (copies of s, v). */
    private void mixingForward(PainnParameters.Layer layer, double[] s, double[][] v, double[] sOut, double[][] vOut) {
        Mixing m = new Mixing(layer, s, v);
        for (int c = 0; c < f; c++) {
            sOut[c] += m.y[c] + m.y[2 * f + c] * m.dot[c];
            for (int xyz = 0; xyz < 3; xyz++) {
                vOut[xyz][c] += m.y[f + c] * m.vw[xyz][f + c];
            }
        }
    }

    /** Backward through one atom's mixing: ds, dv hold gradients w.r.t. its output and receive those w.r.t. its input. */
    private void mixingBackward(PainnParameters.Layer layer, double[] s, double[][] v, double[] ds, double[][] dv) {
        Mixing m = new Mixing(layer, s, v);
        double[] dy = new double[3 * f];
        double[][] dvw = new double[3][2 * f];
        for (int c = 0; c < f; c++) {
            dy[c] = ds[c];
            dy[2 * f + c] = ds[c] * m.dot[c];
            double dDot = ds[c] * m.y[2 * f + c];
            for (int xyz = 0; xyz < 3; xyz++) {
                dy[f + c] += dv[xyz][c] * m.vw[xyz][f + c];
                dvw[xyz][f + c] += dv[xyz][c] * m.y[f + c] + dDot * m.vw[xyz][c];
                dvw[xyz][c] += dDot * m.vw[xyz][f + c];
            }
        }
        double[] dAct = new double[f];
        layer.mlp2().backward(dy, dAct);
        for (int c = 0; c < f; c++) {
            dAct[c] *= siluDerivative(m.hidden[c]);
        }
        double[] dContext = new double[2 * f];
        layer.mlp1().backward(dAct, dContext);
        for (int c = 0; c < f; c++) {
            ds[c] += dContext[c];
            double dNorm = dContext[f + c];
            for (int xyz = 0; xyz < 3; xyz++) {
                dvw[xyz][c] += dNorm * m.vw[xyz][c] / m.norm[c];
            }
        }
        for (int xyz = 0; xyz < 3; xyz++) {
            layer.channel().backward(dvw[xyz], dv[xyz]);
        }
    }

    /** Intermediate values of one atom's mixing step. */
    private final class Mixing {
        final double[][] vw = new double[3][2 * f];
        final double[] norm = new double[f];
        final double[] dot = new double[f];
        final double[] hidden = new double[f];
        final double[] y = new double[3 * f];

        Mixing(PainnParameters.Layer layer, double[] s, double[][] v) {
            for (int xyz = 0; xyz < 3; xyz++) {
                layer.channel().forward(v[xyz], vw[xyz]);
            }
            double[] context = new double[2 * f];
            System.arraycopy(s, 0, context, 0, f);
            for (int c = 0; c < f; c++) {
                double sq = 0;
                for (int xyz = 0; xyz < 3; xyz++) {
                    sq += vw[xyz][c] * vw[xyz][c];
                    dot[c] += vw[xyz][c] * vw[xyz][f + c];
                }
                norm[c] = Math.sqrt(sq + NORM_EPSILON);
                context[f + c] = norm[c];
            }
            layer.mlp1().forward(context, hidden);
            double[] act = new double[f];
            for (int c = 0; c < f; c++) {
                act[c] = silu(hidden[c]);
            }
            layer.mlp2().forward(act, y);
        }
    }

    /** Neighbour pairs (each once, i &lt; j) with distances, unit vectors u = (R_j − R_i)/d and radial bases. */
    private static final class Pairs {
        final int count;
        final int[] i;
        final int[] j;
        final double[] d;
        final double[] u;
        final double[][] rbf;
        final double[] cut;
        private final PainnParameters p;

        Pairs(double[] positions, PainnParameters p) {
            this.p = p;
            NeighborList list = NeighborList.build(positions, p.cutoff());
            count = list.size();
            i = new int[count];
            j = new int[count];
            d = new double[count];
            u = new double[3 * count];
            rbf = new double[count][p.rbfCount()];
            cut = new double[count];
            double gamma = p.rbfGamma();
            for (int k = 0; k < count; k++) {
                i[k] = list.first(k);
                j[k] = list.second(k);
                double r2 = 0;
                for (int xyz = 0; xyz < 3; xyz++) {
                    u[3 * k + xyz] = positions[3 * j[k] + xyz] - positions[3 * i[k] + xyz];
                    r2 += u[3 * k + xyz] * u[3 * k + xyz];
                }
                d[k] = Math.sqrt(r2);
                for (int xyz = 0; xyz < 3; xyz++) {
                    u[3 * k + xyz] /= d[k];
                }
                for (int b = 0; b < p.rbfCount(); b++) {
                    double delta = d[k] - p.rbfCentre(b);
                    rbf[k][b] = Math.exp(-gamma * delta * delta);
                }
                cut[k] = 0.5 * (Math.cos(Math.PI * d[k] / p.cutoff()) + 1);
            }
        }

        /** w = filter(rbf) · fc for pair k; the filter before the cutoff goes to {@code filt} when asked. */
        void filter(PainnParameters.Layer layer, int k, double[] w, double[] filt) {
            layer.filter().forward(rbf[k], w);
            if (filt != null) {
                System.arraycopy(w, 0, filt, 0, w.length);
            }
            for (int c = 0; c < w.length; c++) {
                w[c] *= cut[k];
            }
        }

        /**
         * Adds to the position gradient what flows through pair k's filter (dw) and direction (du, for the
         * i &lt; j orientation; the reverse orientation was folded in with its sign).
         */
        void backpropagate(PainnParameters.Layer layer, int k, double[] filt, double[] dw, double[] du, double[] gradient) {
            double dCut = 0;
            double[] dFilt = new double[dw.length];
            for (int c = 0; c < dw.length; c++) {
                dCut += dw[c] * filt[c];
                dFilt[c] = dw[c] * cut[k];
            }
            double[] dRbf = new double[p.rbfCount()];
            layer.filter().backward(dFilt, dRbf);
            double gamma = p.rbfGamma();
            double dd = -0.5 * Math.PI / p.cutoff() * Math.sin(Math.PI * d[k] / p.cutoff()) * dCut;
            for (int b = 0; b < dRbf.length; b++) {
                dd += dRbf[b] * rbf[k][b] * (-2 * gamma * (d[k] - p.rbfCentre(b)));
            }
            double uDotDu = u[3 * k] * du[0] + u[3 * k + 1] * du[1] + u[3 * k + 2] * du[2];
            for (int xyz = 0; xyz < 3; xyz++) {
                double dr = dd * u[3 * k + xyz] + (du[xyz] - uDotDu * u[3 * k + xyz]) / d[k];
                gradient[3 * j[k] + xyz] += dr;
                gradient[3 * i[k] + xyz] -= dr;
            }
        }
    }

    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    static double siluDerivative(double x) {
        double sig = 1 / (1 + Math.exp(-x));
        return sig * (1 + x * (1 - sig));
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            c[k] = a[k].clone();
        }
        return c;
    }

    private static double[][][] copy(double[][][] a) {
        double[][][] c = new double[a.length][][];
        for (int k = 0; k < a.length; k++) {
            c[k] = copy(a[k]);
        }
        return c;
    }
}

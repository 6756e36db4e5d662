package io.github.cdknnp.ff;

import io.github.cdknnp.ff.model.Dense;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small PaiNN and score-network parameter sets with random weights, and random molecule-like geometries, for tests. */
public final class TestModels {
    private TestModels() {
    }

    /** A random PaiNN for elements H C N O with F features, T blocks, K radial functions. */
    public static PainnParameters randomPainn(int f, int blocks, int k, double cutoff, long seed) {
        Random r = new Random(seed);
        List<PainnParameters.Layer> layers = new ArrayList<>();
        for (int t = 0; t < blocks; t++) {
            layers.add(new PainnParameters.Layer(dense(r, f, f, true), dense(r, 3 * f, f, true),
                    dense(r, 3 * f, k, true), dense(r, 2 * f, f, false), dense(r, f, 2 * f, true),
                    dense(r, 3 * f, f, true)));
        }
        return new PainnParameters("random-test", cutoff, f, k, new int[]{1, 6, 7, 8},
                new double[]{-13.6, -1030.0, -1485.0, -2040.0}, gaussian(r, 4, f), layers, dense(r, f / 2, f, true),
                dense(r, 1, f / 2, true), 0.7, -0.1, "{}", "{}");
    }

    /** A random ConfGF score network for elements H C N O and 6 edge types, with H features and L GIN layers. */
    public static ScoreNetParameters randomScoreNet(int h, int layers, long seed) {
        Random r = new Random(seed);
        List<ScoreNetParameters.GinLayer> gin = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            gin.add(new ScoreNetParameters.GinLayer(dense(r, h, h, true), dense(r, h, h, true)));
        }
        return new ScoreNetParameters("random-test", new int[]{1, 6, 7, 8}, h, 6, 10, 0.01, 50, gaussian(r, 4, h),
                gaussian(r, 6, h), dense(r, h, 2, true), dense(r, h, h, true), gin, dense(r, h, 2 * h, true),
                dense(r, h / 2, h, true), dense(r, 1, h / 2, true), "{}", "{}");
    }

    private static double[][] gaussian(Random r, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int c = 0; c < columns; c++) {
                row[c] = r.nextGaussian();
            }
        }
        return m;
    }

    private static Dense dense(Random r, int out, int in, boolean bias) {
        double[][] w = new double[out][in];
        double scale = 1.0 / Math.sqrt(in);
        for (double[] row : w) {
            for (int i = 0; i < in; i++) {
                row[i] = r.nextGaussian() * scale;
            }
        }
        double[] b = null;
        if (bias) {
            b = new double[out];
            for (int o = 0; o < out; o++) {
                b[o] = 0.1 * r.nextGaussian();
            }
        }
        return new Dense(w, b);
    }

    /** Random positions for n atoms, no pair closer than minDistance, in a cube sized for a molecular density. */
    public static double[] randomGeometry(int n, double minDistance, long seed) {
        Random r = new Random(seed);
        double side = Math.cbrt(n * 10.0);
        double[] x = new double[3 * n];
        for (int i = 0; i < n; i++) {
            boolean ok;
            do {
                for (int d = 0; d < 3; d++) {
                    x[3 * i + d] = r.nextDouble() * side;
                }
                ok = true;
                for (int j = 0; j < i && ok; j++) {
                    ok = Geometry.distance(x, i, j) >= minDistance;
                }
            } while (!ok);
        }
        return x;
    }

    /** Largest absolute difference between the analytic forces and −∇E by central differences (step h, Å). */
    public static double maxForceError(Potential potential, double[] positions, double h) {
        double[] forces = new double[positions.length];
        potential.compute(positions.clone(), forces);
        double worst = 0;
        for (int k = 0; k < positions.length; k++) {
            double[] plus = positions.clone();
            double[] minus = positions.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = -(potential.energy(plus) - potential.energy(minus)) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - forces[k]));
        }
        return worst;
    }

    /** Writes a valid model file. */
    public static void write(PainnParameters p, Path file) {
        write(p, file, "cdk-nnp-model", 1);
    }

    /** Writes parameters in the layout of resources/MODEL_FORMAT.md, with any format name and version. */
    public static void write(PainnParameters p, Path file, String format, int version) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            writeAttributes(f, p, format, version);
            f.putDataset("elements", p.elements());
            f.putDataset("atomref", p.atomref());
            f.putDataset("embedding", p.embedding());
            for (int t = 0; t < p.blocks(); t++) {
                PainnParameters.Layer l = p.layers().get(t);
                WritableGroup in = f.putGroup("interaction_" + t);
                put(in, "context1", l.context1());
                put(in, "context2", l.context2());
                put(in, "filter", l.filter());
                WritableGroup mx = f.putGroup("mixing_" + t);
                put(mx, "channel", l.channel());
                put(mx, "mlp1", l.mlp1());
                put(mx, "mlp2", l.mlp2());
            }
            WritableGroup r = f.putGroup("readout");
            r.putDataset("w1", weights(p.readout1()));
            r.putDataset("b1", bias(p.readout1()));
            r.putDataset("w2", weights(p.readout2()));
            r.putDataset("b2", bias(p.readout2()));
        }
    }

    public static void writeAttributes(WritableHdfFile f, PainnParameters p, String format, int version) {
        f.putAttribute("format", format);
        f.putAttribute("format_version", version);
        f.putAttribute("architecture", "painn");
        f.putAttribute("name", p.name());
        f.putAttribute("cutoff", p.cutoff());
        f.putAttribute("n_features", p.features());
        f.putAttribute("n_interactions", p.blocks());
        f.putAttribute("n_rbf", p.rbfCount());
        f.putAttribute("energy_scale", p.energyScale());
        f.putAttribute("energy_shift", p.energyShift());
        f.putAttribute("total_charge", p.charge().charges()[0]);
        f.putAttribute("provenance", "{\"test\": true}");
    }

    private static void put(WritableGroup g, String name, Dense d) {
        g.putDataset(name + "_w", weights(d));
        if (d.hasBias()) {
            g.putDataset(name + "_b", bias(d));
        }
    }

    private static double[][] weights(Dense d) {
        double[][] w = new double[d.outputs()][d.inputs()];
        for (int o = 0; o < w.length; o++) {
            for (int i = 0; i < w[o].length; i++) {
                w[o][i] = d.weight(o, i);
            }
        }
        return w;
    }

    private static double[] bias(Dense d) {
        double[] b = new double[d.outputs()];
        for (int o = 0; o < b.length; o++) {
            b[o] = d.bias(o);
        }
        return b;
    }
}

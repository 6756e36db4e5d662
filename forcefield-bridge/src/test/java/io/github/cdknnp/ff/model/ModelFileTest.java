package io.github.cdknnp.ff.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.ModelLoadException;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.UnsupportedChargeException;
import io.github.cdknnp.ff.UnsupportedElementException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryParameterAndGivesTheSameEnergy() {
        PainnParameters p = TestModels.randomPainn(8, 2, 6, 4.0, 21);
        Path file = dir.resolve("m.h5");
        write(p, file, "cdk-nnp-model", 1);
        PainnParameters q = ModelFile.read(file);
        assertEquals(p.name(), q.name());
        assertArrayEquals(p.elements(), q.elements());
        assertArrayEquals(p.atomref(), q.atomref());
        assertEquals(p.layers().get(1).mlp2().weight(5, 3), q.layers().get(1).mlp2().weight(5, 3));
        double[] x = TestModels.randomGeometry(6, 0.9, 1);
        AtomicSystem s = AtomicSystem.neutral(1, 6, 6, 8, 7, 1);
        double e1 = new NnpForceField(p, "reference").bind(s).energy(x);
        double e2 = NnpForceField.load(file, "reference").bind(s).energy(x);
        assertEquals(e1, e2, 0.0);
    }

    @Test
    void rejectsForeignFilesAndNewerVersionsWithClearMessages() {
        PainnParameters p = TestModels.randomPainn(4, 1, 4, 4.0, 2);
        Path foreign = dir.resolve("foreign.h5");
        write(p, foreign, "something-else", 1);
        assertTrue(assertThrows(ModelLoadException.class, () -> ModelFile.read(foreign)).getMessage()
                .contains("is not a cdk-nnp model"));
        Path newer = dir.resolve("newer.h5");
        write(p, newer, "cdk-nnp-model", 2);
        assertTrue(assertThrows(ModelLoadException.class, () -> ModelFile.read(newer)).getMessage()
                .contains("format version 2"));
        assertTrue(assertThrows(ModelLoadException.class, () -> ModelFile.read(dir.resolve("none.h5"))).getMessage()
                .contains("not found"));
    }

    @Test
    void rejectsTruncatedAndGarbageFiles() throws Exception {
        Path garbage = dir.resolve("garbage.h5");
        Files.writeString(garbage, "not hdf5 at all");
        assertThrows(ModelLoadException.class, () -> ModelFile.read(garbage));
        PainnParameters p = TestModels.randomPainn(4, 1, 4, 4.0, 2);
        Path missing = dir.resolve("missing.h5");
        try (WritableHdfFile f = HdfFile.write(missing)) {
            writeAttributes(f, p, "cdk-nnp-model", 1);
        }
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.read(missing));
        assertTrue(e.getMessage().contains("missing dataset"), e.getMessage());
    }

    @Test
    void unsupportedElementsAndChargesAreNamed() {
        NnpForceField ff = new NnpForceField(TestModels.randomPainn(4, 1, 4, 4.0, 2), "reference");
        UnsupportedElementException e = assertThrows(UnsupportedElementException.class,
                () -> ff.bind(AtomicSystem.neutral(6, 1, 1, 14)));
        assertEquals("unsupported element Si at atom 4 (this force field supports H C N O)", e.getMessage());
        assertThrows(UnsupportedChargeException.class, () -> ff.bind(new AtomicSystem(new int[]{7, 1, 1, 1, 1}, 1)));
    }

    /** Writes parameters in the layout of resources/MODEL_FORMAT.md. */
    static void write(PainnParameters p, Path file, String format, int version) {
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

    private static void writeAttributes(WritableHdfFile f, PainnParameters p, String format, int version) {
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
        f.putAttribute("total_charge", p.totalCharge());
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

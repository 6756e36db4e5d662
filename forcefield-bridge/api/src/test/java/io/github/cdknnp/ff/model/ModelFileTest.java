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
        TestModels.write(p, file);
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
        TestModels.write(p, foreign, "something-else", 1);
        assertTrue(assertThrows(ModelLoadException.class, () -> ModelFile.read(foreign)).getMessage()
                .contains("is not a cdk-nnp model"));
        Path newer = dir.resolve("newer.h5");
        TestModels.write(p, newer, "cdk-nnp-model", 2);
        assertTrue(assertThrows(ModelLoadException.class, () -> ModelFile.read(newer)).getMessage()
                .contains("format version 2"));
        assertTrue(assertThrows(ModelLoadException.class, () -> ModelFile.read(dir.resolve("none.h5"))).getMessage()
                .contains("not found"));
    }

    @Test
    void refusesADatasetLargerThanTheArchitectureAllowsBeforeReadingIt() {
        PainnParameters p = TestModels.randomPainn(4, 1, 4, 4.0, 2);
        Path bloated = dir.resolve("bloated.h5");
        try (WritableHdfFile f = HdfFile.write(bloated)) {
            TestModels.writeAttributes(f, p, "cdk-nnp-model", 1);
            f.putDataset("embedding", new double[300][300]);  // F = 4 allows no tensor of 90,000 values
        }
        String message = assertThrows(ModelLoadException.class, () -> ModelFile.read(bloated)).getMessage();
        assertTrue(message.contains("'/embedding' declares [300, 300]") && message.contains("corrupt"), message);
    }

    @Test
    void refusesAModelWhoseDispersionTermItCannotCompute() {
        PainnParameters p = TestModels.randomPainn(4, 1, 4, 4.0, 2);
        Path file = dir.resolve("dispersion.h5");
        TestModels.write(p, file);
        Path withDispersion = dir.resolve("with-dispersion.h5");
        try (WritableHdfFile f = HdfFile.write(withDispersion)) {
            TestModels.writeAttributes(f, p, "cdk-nnp-model", 1);
            f.putAttribute("dispersion", "d3-bj");
        }
        String message = assertThrows(ModelLoadException.class, () -> ModelFile.read(withDispersion)).getMessage();
        assertTrue(message.contains("d3-bj") && message.contains("does not compute"), message);
    }

    @Test
    void rejectsTruncatedAndGarbageFiles() throws Exception {
        Path garbage = dir.resolve("garbage.h5");
        Files.writeString(garbage, "not hdf5 at all");
        assertThrows(ModelLoadException.class, () -> ModelFile.read(garbage));
        PainnParameters p = TestModels.randomPainn(4, 1, 4, 4.0, 2);
        Path missing = dir.resolve("missing.h5");
        try (WritableHdfFile f = HdfFile.write(missing)) {
            TestModels.writeAttributes(f, p, "cdk-nnp-model", 1);
        }
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFile.read(missing));
        assertTrue(e.getMessage().contains("missing dataset"), e.getMessage());
    }

    @Test
    void everyEmbeddedModelLoadsByNameAndAnUnknownNameListsThem() {
        assertEquals(NnpForceField.DEFAULT_MODEL_NAME, NnpForceField.EMBEDDED_MODELS.get(0));
        for (String name : NnpForceField.EMBEDDED_MODELS) {
            assertEquals(name, NnpForceField.load(name, "reference").parameters().name());
        }
        assertEquals(NnpForceField.DEFAULT_MODEL_NAME, NnpForceField.load((String) null, "reference").parameters().name());
        Path file = dir.resolve("own.h5");
        TestModels.write(TestModels.randomPainn(4, 1, 4, 4.0, 2), file);
        assertEquals(ModelFile.read(file).name(), NnpForceField.load(file.toString(), "reference").parameters().name());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> NnpForceField.loadEmbedded("painn-v0", "reference"));
        assertTrue(e.getMessage().contains("painn-v0") && e.getMessage().contains(NnpForceField.DEFAULT_MODEL_NAME), e.getMessage());
    }

    @Test
    void unsupportedElementsAndChargesAreNamed() {
        NnpForceField ff = new NnpForceField(TestModels.randomPainn(4, 1, 4, 4.0, 2), "reference");
        UnsupportedElementException e = assertThrows(UnsupportedElementException.class,
                () -> ff.bind(AtomicSystem.neutral(6, 1, 1, 14)));
        assertEquals("unsupported element Si at atom 4 (this force field supports H C N O)", e.getMessage());
        UnsupportedChargeException q = assertThrows(UnsupportedChargeException.class,
                () -> ff.bind(new AtomicSystem(new int[]{7, 1, 1, 1, 1}, 1)));
        assertTrue(q.getMessage().startsWith("unsupported total charge +1 (model random-test takes total charges 0)"),
                q.getMessage());
    }

    @Test
    void aChargedModelReadsItsChargesAndIsTheNeutralModelAtChargeZero() {
        PainnParameters charged = ModelFile.readResource("/io/github/cdknnp/models/painn-tiny-charged.h5");
        PainnParameters neutral = ModelFile.readResource("/io/github/cdknnp/models/painn-tiny.h5");
        assertArrayEquals(new int[]{-1, 0, 1, 2}, charged.charge().charges());
        assertArrayEquals(new int[]{0}, neutral.charge().charges());
        int[] z = {7, 1, 1, 1, 6, 1, 1, 1};
        double[] x = {0, 0, 0, 1.01, 0, 0, -0.34, 0.95, 0, -0.34, -0.48, 0.82, -0.5, -0.7, -1.2, -1.5, -0.4, -1.4,
            0.1, -0.5, -2.0, -0.4, -1.8, -1.0};
        NnpForceField c = new NnpForceField(charged, "reference");
        double e0 = new NnpForceField(neutral, "reference").bind(AtomicSystem.neutral(z)).energy(x);
        assertEquals(e0, c.bind(AtomicSystem.neutral(z)).energy(x), 1e-12);
        double ePlus = c.bind(new AtomicSystem(z, 1)).energy(x);
        assertTrue(Math.abs(ePlus - e0) > 1e-3, "the charge changes the energy");
        UnsupportedChargeException e = assertThrows(UnsupportedChargeException.class,
                () -> c.bind(new AtomicSystem(z, 3)));
        assertTrue(e.getMessage().contains("takes total charges -1, 0, +1, +2"), e.getMessage());
    }
}

package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Screening tables as input: CSV and TSV with a SMILES column, the other columns carried to the output. */
class TableInputTest {
    @TempDir
    Path dir;

    @Test
    void csvAndTsvRowsBecomeRecordsWithTheirColumnsAsProperties() throws Exception {
        Path csv = Files.writeString(dir.resolve("library.csv"), "compound_id,Canonical_SMILES,vendor,price_usd\n"
                + "Z1,CCO,\"Acme, Inc.\",12.5\nZ2,not-a-smiles,Acme,3\nZ3,c1ccccc1O,\"Say \"\"hi\"\"\",7\n");
        Path tsv = Files.writeString(dir.resolve("more.tsv"), "name\tsmiles\nacetone\tCC(C)=O\n");
        Path noSmiles = Files.writeString(dir.resolve("other.csv"), "id,formula\nX,C2H6O\n");
        Path out = dir.resolve("out.sdf");
        assertEquals(RecordRunner.SOME_FAILED, Main.run("energy", "-i", csv.toString(), "-i", tsv.toString(), "-i",
                noSmiles.toString(), "-o", out.toString(), "--backend", "reference"));
        List<MoleculeRecord> written = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(out))) {
            reader.forEach(written::add);
        }
        assertEquals(List.of("Z1", "Z3", "acetone"), written.stream().map(MoleculeRecord::title).toList());
        assertEquals("Acme, Inc.", written.get(0).molecule().getProperty("vendor"));
        assertEquals("12.5", written.get(0).molecule().getProperty("price_usd"));
        assertEquals("Say \"hi\"", written.get(1).molecule().getProperty("vendor"));
        String errors = Files.readString(dir.resolve("out.sdf.errors.tsv"));
        assertTrue(errors.contains("Z2") && errors.contains("could not be read"), errors);
        assertTrue(errors.contains("no SMILES column"), errors);
    }
}

package io.github.cdknnp.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * CSV and TSV molecule tables, a screening library's usual format: a header row, one molecule per row. The SMILES
 * column is the first whose name is {@code smiles} or contains it ({@code canonical_smiles}, {@code SMILES}, ...),
 * the title column the first named {@code name}, {@code title}, {@code id}, {@code mol_id}, {@code compound_id} or
 * {@code molecule_id}; every other column becomes an SD property of the molecule, so it is carried to the output.
 * Fields may be quoted ({@code "a, b"}, {@code ""} for a quote).
 */
final class Table {
    private static final Set<String> TITLE_COLUMNS = Set.of("name", "title", "id", "mol_id", "compound_id", "molecule_id");

    private Table() {
    }

    /** Why a header cannot be used, or null. */
    static String checkHeader(String header, MoleculeReader.Format format, Path file) {
        if (header == null) {
            return file + " is empty (a " + format + " table needs a header row with a SMILES column)";
        }
        return smilesColumn(split(header, format)) < 0
                ? file + ": no SMILES column in the header " + split(header, format) + " (name one 'smiles')" : null;
    }

    /** The molecule of a record text: the header line, then the row. */
    static IAtomContainer parse(String text, MoleculeReader.Format format) throws CDKException {
        String[] lines = text.split("\n", 2);
        List<String> header = split(lines[0], format);
        List<String> row = split(lines.length > 1 ? lines[1] : "", format);
        if (row.size() != header.size()) {
            throw new CDKException("row has " + row.size() + " fields, the header " + header.size());
        }
        int smiles = smilesColumn(header);
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(row.get(smiles));
        for (int k = 0; k < header.size(); k++) {
            if (k != smiles && !header.get(k).isEmpty()) {
                mol.setProperty(header.get(k), row.get(k));
            }
        }
        mol.setProperty("SMILES", row.get(smiles));
        int title = titleColumn(header);
        mol.setTitle(title >= 0 ? row.get(title) : null);
        return mol;
    }

    /** The row's title, for error messages about a row that could not be parsed ("" when unknown). */
    static String title(String text, MoleculeReader.Format format) {
        String[] lines = text.split("\n", 2);
        List<String> header = split(lines[0], format);
        List<String> row = split(lines.length > 1 ? lines[1] : "", format);
        int title = titleColumn(header);
        return title >= 0 && title < row.size() ? row.get(title) : "";
    }

    private static int smilesColumn(List<String> header) {
        for (int k = 0; k < header.size(); k++) {
            if (header.get(k).toLowerCase(Locale.ROOT).contains("smiles") || header.get(k).equalsIgnoreCase("smi")) {
                return k;
            }
        }
        return -1;
    }

    private static int titleColumn(List<String> header) {
        for (int k = 0; k < header.size(); k++) {
            if (TITLE_COLUMNS.contains(header.get(k).toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return -1;
    }

    /** Fields of one line, quotes removed. */
    static List<String> split(String line, MoleculeReader.Format format) {
        char sep = format == MoleculeReader.Format.TSV ? '\t' : ',';
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == sep) {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }
}

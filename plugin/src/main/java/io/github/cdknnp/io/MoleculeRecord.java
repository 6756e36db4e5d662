package io.github.cdknnp.io;

import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * One input record: its position in the input, its title, and either the molecule or why it could not be read.
 *
 * @param index    1-based position across all inputs
 * @param source   the file it came from, with its record number there
 * @param title    the record's title (SD title line, SMILES name, XYZ comment), or {@code record-N}
 * @param molecule the parsed molecule, or null when {@code error} is set
 * @param error    why the record could not be read, or null
 */
public record MoleculeRecord(long index, String source, String title, IAtomContainer molecule, String error) {
    /** Whether the record was read. */
    public boolean ok() {
        return error == null;
    }
}

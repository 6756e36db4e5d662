package io.github.cdknnp.ff;

/** A molecule holds an element the force field cannot describe. */
public class UnsupportedElementException extends NnpException {
    private final int atomicNumber;
    private final int atomIndex;

    public UnsupportedElementException(int atomicNumber, int atomIndex, String supported) {
        super("unsupported element " + Elements.symbol(atomicNumber) + " at atom " + (atomIndex + 1)
                + " (this force field supports " + supported + ")");
        this.atomicNumber = atomicNumber;
        this.atomIndex = atomIndex;
    }

    /** Atomic number of the offending atom. */
    public int atomicNumber() {
        return atomicNumber;
    }

    /** Zero-based index of the offending atom. */
    public int atomIndex() {
        return atomIndex;
    }
}

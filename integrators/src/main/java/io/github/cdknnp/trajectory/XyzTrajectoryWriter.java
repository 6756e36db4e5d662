package io.github.cdknnp.trajectory;

import io.github.cdknnp.ff.Elements;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Multi-frame XYZ: per frame the atom count, a comment line
 * {@code step=10 time_fs=10.000 potential_eV=... kinetic_eV=... total_eV=... temperature_K=...}
 * and one {@code symbol x y z} line per atom (Å).
 */
public final class XyzTrajectoryWriter extends TextTrajectoryWriter {
    private final String[] symbols;

    /** Writes to {@code target} (moved into place on close) for atoms with the given atomic numbers. */
    public XyzTrajectoryWriter(Path target, int[] atomicNumbers) {
        super(target);
        symbols = new String[atomicNumbers.length];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = Elements.symbol(atomicNumbers[i]);
        }
    }

    @Override
    void write(Frame frame, Writer out) throws IOException {
        if (frame.atomCount() != symbols.length) {
            throw new IllegalArgumentException("frame has " + frame.atomCount() + " atoms, writer " + symbols.length);
        }
        StringBuilder s = new StringBuilder(64 + 48 * symbols.length);
        s.append(symbols.length).append('\n');
        s.append(String.format(Locale.ROOT,
                "step=%d time_fs=%.4f potential_eV=%.8f kinetic_eV=%.8f total_eV=%.8f temperature_K=%.4f%n",
                frame.step(), frame.timeFs(), frame.potentialEv(), frame.kineticEv(), frame.totalEv(),
                frame.temperatureK()));
        for (int i = 0; i < symbols.length; i++) {
            s.append(String.format(Locale.ROOT, "%-2s %16.10f %16.10f %16.10f%n", symbols[i],
                    frame.position(3 * i), frame.position(3 * i + 1), frame.position(3 * i + 2)));
        }
        out.write(s.toString());
    }
}

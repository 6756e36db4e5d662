package io.github.cdknnp.molecules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Molecules shared by every module's tests and benchmarks: well-known drugs written by SMILES in this
 * project ({@code drugs.smi}), covering the elements H C N O F S Cl Br.
 */
public final class TestMolecules {
    /** A named SMILES. */
    public record Entry(String name, String smiles) {
    }

    private TestMolecules() {
    }

    /** The drug set, in file order. */
    public static List<Entry> drugs() {
        return read("drugs.smi");
    }

    /** The drug with the given name. */
    public static Entry drug(String name) {
        return drugs().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no test molecule named " + name));
    }

    private static List<Entry> read(String resource) {
        try (InputStream in = TestMolecules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<Entry> out = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String[] parts = line.trim().split("\\s+", 2);
                if (!parts[0].isEmpty() && !parts[0].startsWith("#")) {
                    out.add(new Entry(parts.length > 1 ? parts[1] : parts[0], parts[0]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

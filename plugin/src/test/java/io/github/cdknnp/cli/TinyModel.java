package io.github.cdknnp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recipe's tiny random PaiNN (forcefield-bridge/api test resources) as a file, for fast command-line tests. */
final class TinyModel {
    private TinyModel() {
    }

    /** Copies the tiny model into {@code dir} and returns its path. */
    static Path in(Path dir) throws IOException {
        Path model = dir.resolve("tiny.h5");
        try (InputStream in = TinyModel.class.getResourceAsStream("/io/github/cdknnp/models/painn-tiny.h5")) {
            Files.copy(in, model);
        }
        return model;
    }
}

package io.github.cdknnp.cli;

import io.github.cdknnp.trajectory.AtomicOutput;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A text output on standard output, or in a file that appears complete on close ({@link AtomicOutput}). */
final class TextOutput implements AutoCloseable {
    private final AtomicOutput output;
    private final PrintWriter writer;

    private TextOutput(AtomicOutput output, PrintWriter writer) {
        this.output = output;
        this.writer = writer;
    }

    /** Standard output when {@code target} is null, else a file committed on close. */
    static TextOutput open(Path target) {
        if (target == null) {
            return new TextOutput(null, new PrintWriter(new OutputStreamWriter(Main.results(), StandardCharsets.UTF_8)));
        }
        try {
            AtomicOutput output = new AtomicOutput(target);
            return new TextOutput(output, new PrintWriter(Files.newBufferedWriter(output.temporary(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    PrintWriter writer() {
        return writer;
    }

    @Override
    public void close() {
        writer.flush();
        if (output != null) {
            writer.close();
            output.commit();
        }
    }

    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

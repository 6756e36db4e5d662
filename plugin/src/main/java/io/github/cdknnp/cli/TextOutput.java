package io.github.cdknnp.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A text output on standard output or in a file written as {@code <file>.part} and renamed on close. */
final class TextOutput implements AutoCloseable {
    private final Path target;
    private final Path part;
    private final PrintWriter writer;

    private TextOutput(Path target, Path part, PrintWriter writer) {
        this.target = target;
        this.part = part;
        this.writer = writer;
    }

    /** Standard output when {@code target} is null, else a file committed on close. */
    static TextOutput open(Path target) {
        if (target == null) {
            return new TextOutput(null, null, new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        }
        try {
            Path part = target.resolveSibling(target.getFileName() + ".part");
            return new TextOutput(target, part, new PrintWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8)));
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
        if (target == null) {
            return;
        }
        writer.close();
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + target + ": " + e.getMessage(), e);
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

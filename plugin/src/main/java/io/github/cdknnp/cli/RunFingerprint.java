package io.github.cdknnp.cli;

import io.github.cdknnp.task.OptionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a batch output was computed from: the command, the content (SHA-256) of every input file in order, and every
 * option that changes a result. Kept beside the output ({@code <output>.fingerprint}); {@code --resume} refuses to
 * continue an output whose fingerprint differs, since records are matched to the input by index.
 */
final class RunFingerprint {
    /** Options that change how a run goes, not what it computes. */
    private static final Set<String> NEUTRAL = Set.of("--resume", "--threads", "--no-progress", "--output", "--input",
            "--plot", "--timeout", "--help", "--version");

    private final List<String> lines;

    private RunFingerprint(List<String> lines) {
        this.lines = lines;
    }

    /** The fingerprint of the command {@code spec} over {@code inputs}. */
    static RunFingerprint of(CommandSpec spec, List<Path> inputs) {
        List<String> lines = new ArrayList<>();
        lines.add("cdk-nnp run fingerprint 1");
        lines.add("command " + spec.qualifiedName());
        for (Path input : inputs) {
            lines.add("input " + sha256(input) + " " + input.getFileName());
        }
        spec.options().stream().filter(o -> !NEUTRAL.contains(o.longestName()))
                .sorted(Comparator.comparing(OptionSpec::longestName))
                .forEach(o -> lines.add("option " + o.longestName() + "=" + String.valueOf((Object) o.getValue())));
        return new RunFingerprint(lines);
    }

    static Path fileOf(Path output) {
        return output.toAbsolutePath().resolveSibling(output.getFileName() + ".fingerprint");
    }

    /**
     * Refuses to resume {@code output} when its recorded fingerprint differs from this one, naming the first
     * difference. An output without one (written before fingerprints existed) is resumed as before.
     */
    void checkResumable(Path output) {
        Path file = fileOf(output);
        if (!Files.exists(file)) {
            return;
        }
        List<String> earlier;
        try {
            earlier = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int k = 0; k < Math.max(earlier.size(), lines.size()); k++) {
            String was = k < earlier.size() ? earlier.get(k) : "(nothing)";
            String now = k < lines.size() ? lines.get(k) : "(nothing)";
            if (!was.equals(now)) {
                throw new OptionException("--resume: " + output + " was computed from other inputs or options (was: "
                        + was + "; now: " + now + "); run without --resume to start over, or choose another -o");
            }
        }
    }

    /** Records this fingerprint beside {@code output}. */
    void write(Path output) {
        Path file = fileOf(output);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String sha256(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return "unreadable";  // the reader reports it
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

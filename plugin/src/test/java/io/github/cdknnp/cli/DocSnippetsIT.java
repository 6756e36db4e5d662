package io.github.cdknnp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Java and Groovy code block of README.md and docs/*.md runs as printed against the shaded jar, as a user
 * would run it (Java blocks with JShell, Groovy blocks with {@code groovy} where installed), and runs quietly: no
 * error, exception or warning line in its output. A KNIME Java Snippet body (a text block that starts with
 * {@value #KNIME}) runs in JShell with its {@code c_} input columns set to a test molecule and prints its {@code out_}
 * columns, which must hold SDF records. Runs after packaging (failsafe).
 */
class DocSnippetsIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path JAR = ROOT.resolve("plugin/target/cdk-nnp.jar");
    private static final Pattern BLOCK = Pattern.compile("```(java|groovy|text)\\n(.*?)```", Pattern.DOTALL);
    static final String KNIME = "// KNIME Java Snippet body";
    private static final Pattern KNIME_COLUMN = Pattern.compile("\\b(c|out)_\\w+\\b");
    private static final Map<String, String> KNIME_INPUTS = Map.of(
            "c_SMILES", "CC(=O)Nc1ccc(O)cc1",
            "c_Name", "paracetamol",
            "c_Molecule", "ethanol\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n"
                    + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
                    + "    1.5000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
                    + "    2.2500    1.2990    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n"
                    + "  1  2  1  0  0  0  0\n  2  3  1  0  0  0  0\nM  END\n");
    private static final Pattern NOISE = Pattern.compile("(?m)^.*(ERROR|WARN|Exception|\\|  Error).*$");

    @TestFactory
    Stream<DynamicTest> everyCodeBlockRunsAsPrinted() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            for (int k = 1; m.find(); k++) {
                String code = m.group(2);
                if (m.group(1).equals("text") && !code.startsWith(KNIME)) {
                    continue;
                }
                String language = m.group(1).equals("text") ? "knime" : m.group(1);
                tests.add(DynamicTest.dynamicTest(ROOT.relativize(doc) + " block " + k + " (" + language + ")",
                        () -> run(language, code)));
            }
        }
        return tests.stream();
    }

    private static void run(String language, String code) throws Exception {
        Path dir = Files.createTempDirectory("cdknnp-snippet");
        List<String> command;
        if (language.equals("knime")) {
            Files.writeString(dir.resolve("snippet.jsh"), knimeScript(code) + "\n/exit\n");
            command = List.of(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(), "--class-path",
                    JAR.toString(), "snippet.jsh");
        } else if (language.equals("java")) {
            Files.writeString(dir.resolve("snippet.jsh"), code + "\n/exit\n");
            command = List.of(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(), "--class-path",
                    JAR.toString(), "snippet.jsh");
        } else {
            assumeTrue(onPath("groovy"), "groovy is not installed");
            Files.writeString(dir.resolve("snippet.groovy"), code);
            command = List.of("groovy", "-cp", JAR.toString(), "snippet.groovy");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));  // Debian's groovy script needs it
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertFalse(!p.waitFor(5, TimeUnit.MINUTES), "timed out");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        Matcher noise = NOISE.matcher(text);
        assertFalse(noise.find(), () -> "not quiet: " + noise.group() + "\n" + text);
        assertFalse(text.isBlank() && code.contains("println"), "printed nothing:\n" + text);
        if (language.equals("knime")) {
            assertTrue(text.contains("M  END") && text.contains("$$$$"), "no SDF record in the output columns:\n" + text);
        }
    }

    /** A JShell script that declares the body's columns as KNIME would (inputs set, outputs empty), runs it, prints outputs. */
    static String knimeScript(String body) {
        Set<String> columns = new TreeSet<>();
        Matcher m = KNIME_COLUMN.matcher(body);
        while (m.find()) {
            columns.add(m.group());
        }
        StringBuilder script = new StringBuilder();
        for (String column : columns) {
            if (column.startsWith("out_")) {
                script.append("String ").append(column).append(" = null;\n");
            } else {
                String value = KNIME_INPUTS.get(column);
                assertNotNull(value, "no test value for KNIME input column " + column);
                script.append("String ").append(column).append(" = \"")
                        .append(value.replace("\\", "\\\\").replace("\n", "\\n")).append("\";\n");
            }
        }
        script.append(body).append('\n');
        columns.stream().filter(c -> c.startsWith("out_")).forEach(c -> script.append("System.out.print(").append(c)
                .append(");\n"));
        return script.toString();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process and captures what it prints. */
final class CliTestSupport {

    private CliTestSupport() {}

    /** The outcome of one command. */
    record Run(int code, String out, String err) {
        JsonObject json() {
            String[] lines = out.strip().split("\\R");
            return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        }
    }

    /**
     * Asserts that a command failed as a user mistake: exit code 2 and one line on standard error,
     * {@code longshort: error: ...}, without an exception name or stack trace, holding each fragment.
     */
    static void assertOneLineError(Run run, String... fragments) {
        assertEquals(2, run.code(), "exit code; stderr: " + run.err());
        String err = run.err().strip();
        assertFalse(err.contains("\n"), "one line expected, got: " + err);
        assertTrue(err.startsWith("longshort: error: "), err);
        assertFalse(err.contains("Exception"), "no stack trace or exception name: " + err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "expected '" + f + "' in: " + err);
        }
    }

    /**
     * The command that runs the command line in a fresh JVM of this test's class path, for what
     * happens once per process (a kill, the engine's load-time check).
     *
     * @param jvmFlags flags for the JVM, after the test defaults (1 GB heap, offline, warnings only)
     * @param args the command line's arguments
     * @return the command
     */
    static List<String> childCommand(List<String> jvmFlags, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Returns the folder of the real PTB files: $LONGSHORT_PTB_DIR, else ../shared/data/ptb
     * beside the repository, or null.
     */
    static Path ptbDir() {
        String env = System.getenv("LONGSHORT_PTB_DIR");
        List<Path> candidates = env != null && !env.isBlank()
                ? List.of(Path.of(env))
                : List.of(Path.of("../../shared/data/ptb"), Path.of("../shared/data/ptb"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("ptb.valid.txt")) && Files.isRegularFile(p.resolve("ptb.test.txt"))) {
                return p;
            }
        }
        return null;
    }

    /**
     * A PTB-format folder made from the real files: the whole valid file as train, the first
     * {@code lines} lines of the test file as valid and test.
     */
    static Path ptbFolder(Path ptb, Path tmp, int lines) throws java.io.IOException {
        Path dir = Files.createDirectories(tmp.resolve("ptb-from-shared"));
        Files.copy(ptb.resolve("ptb.valid.txt"), dir.resolve("ptb.train.txt"));
        List<String> head = Files.readAllLines(ptb.resolve("ptb.test.txt"), java.nio.charset.StandardCharsets.UTF_8);
        if (head.size() < lines) {
            throw new IllegalStateException(
                    ptb.resolve("ptb.test.txt") + " has " + head.size() + " lines, not " + lines + " or more");
        }
        head = head.subList(0, lines);
        Files.write(dir.resolve("ptb.valid.txt"), head, java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("ptb.test.txt"), head, java.nio.charset.StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * Copies a folder and everything in it, as a test does before it writes into a shared model.
     *
     * @param from the folder
     * @param to where the copy goes; must not exist
     * @return {@code to}
     */
    static Path copyFolder(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
        return to;
    }
}

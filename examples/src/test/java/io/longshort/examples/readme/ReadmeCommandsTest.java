package io.longshort.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.longshort.cli.Main;
import io.longshort.core.checkpoint.ModelFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's command lines as pasted: every line of its {@code bash} blocks, in order, in
 * one fresh working folder, through bash, so that quoting and redirection are the shell's. {@code
 * examples/bin/longshort} there is a stand-in that runs the command line of this test's class
 * path with the launcher's JVM options (the real launcher runs the packaged jar, which the {@code
 * test} phase has not built yet). Every line must exit 0. The {@code serve} line runs in the
 * background while the curl lines after it ask it questions, then stops with SIGTERM.
 *
 * <p>One change: the {@code demo} line runs with {@value #DEMO_BUDGET} appended, a documented
 * option, so that it trains for seconds instead of minutes; it still saves its model where the
 * README's later commands look for it. The lines that need the PTB files or hours of training are
 * listed in {@link #SKIPPED} with the reason; a line that is neither run nor listed fails the test.
 * About 2.5 minutes on 2 busy cores: each line starts a JVM, and {@code demo} and {@code test}
 * evaluate the built-in corpus's 25,000 test words one at a time.
 */
class ReadmeCommandsTest {

    private static final String LAUNCHER = "examples/bin/longshort";

    private static final String DEMO_BUDGET = "--max-steps 100";

    /** README lines not run (by their start), each with the reason. */
    private static final Map<String, String> SKIPPED = Map.of(
            "./mvnw -B verify",
            "the test suite, which runs this test",
            LAUNCHER + " train --data simple-examples/data",
            "needs the PTB files, which are not in the repository, and hours of training",
            LAUNCHER + " test --model runs/medium",
            "needs the model of the PTB run above",
            LAUNCHER + " train --config tiny.json",
            "a whole epoch of the tiny preset, 80 s on 2 cores; CliConfigTest trains from a config file",
            "bench/bin/bench ",
            "a benchmark of many minutes; the bench module's own tests check its plumbing",
            "./mvnw -B -pl spark -am package -DskipTests -Pjob-jar",
            "builds the 170 MB job jar for a cluster, minutes of packaging; BatchScoreTest runs the same job",
            "spark-submit ",
            "needs a Spark cluster and HDFS; SeparateExecutorsTest runs executors in their own JVMs");

    /** The commands of the launcher that need only the built-in corpus. */
    private static final Set<String> RUN =
            Set.of("demo", "predict", "score", "generate", "info", "test", "config", "batch-score");

    /** Shell lines run as they are, before or after the launcher's. */
    private static final Set<String> SHELL = Set.of("echo", "head");

    @Test
    void everyReadmeCommandRunsAsPasted(@TempDir Path dir) throws Exception {
        requireBash();
        writeLauncher(dir);
        Map<String, String> skipped = new LinkedHashMap<>();
        Set<String> ran = new TreeSet<>();
        for (Readme.Block block : Readme.blocks("bash")) {
            ServedFromReadme server = null;
            try {
                for (Line logical : logicalLines(block)) {
                    String line = logical.text();
                    String where = "README line " + logical.number();
                    String reason = skipReason(line);
                    if (reason != null) {
                        skipped.put(line, reason);
                        continue;
                    }
                    String command = launcherCommand(line);
                    if (command.equals("serve")) {
                        server = ServedFromReadme.start(dir, where, bash(line));
                        ran.add(command);
                        continue;
                    }
                    if (line.startsWith("curl ") && server != null) {
                        ChildProcess.Result r = ChildProcess.run(dir, where + ": " + line, bash(line));
                        assertEquals(0, r.code(), r.describe());
                        assertFalse(r.out().startsWith("{\"error\""), r.describe());
                        ran.add("curl");
                        continue;
                    }
                    String shell = line.split("\\s+")[0];
                    if (!(RUN.contains(command) || SHELL.contains(shell))) {
                        fail(where + ": `" + line
                                + "` is neither run by this test nor listed in SKIPPED with a reason");
                    }
                    ChildProcess.Result r = ChildProcess.run(dir, where + ": " + line, bash(withBudget(line, command)));
                    assertEquals(0, r.code(), r.describe());
                    if (command.equals("demo")) {
                        checkDemoSaved(dir, r);
                    }
                    ran.add(command.isEmpty() ? shell : command);
                }
            } finally {
                if (server != null) {
                    server.stop();
                }
            }
        }
        System.out.println("README commands skipped by design: " + skipped);
        assertEquals(
                new TreeSet<>(Set.of(
                        "demo",
                        "predict",
                        "score",
                        "generate",
                        "info",
                        "test",
                        "config",
                        "echo",
                        "serve",
                        "curl",
                        "batch-score",
                        "head")),
                ran);
        Set<String> starts = new java.util.HashSet<>();
        for (String start : SKIPPED.keySet()) {
            if (skipped.keySet().stream().anyMatch(line -> line.startsWith(start))) {
                starts.add(start);
            }
        }
        assertEquals(SKIPPED.keySet(), starts, "each SKIPPED start is still in the README: " + skipped);
    }

    /** The demo said where its model is, and runs/demo, the README's name for it, leads there. */
    private static void checkDemoSaved(Path dir, ChildProcess.Result r) throws java.io.IOException {
        String[] lines = r.out().strip().split("\\R");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("model saved to runs/demo-\\w+-\\d{8}-\\d{6} \\(also at runs/demo\\)"), r.describe());
        Path link = dir.resolve("runs/demo");
        assertTrue(Files.isSymbolicLink(link), "runs/demo is a link");
        assertTrue(ModelFiles.isModel(link), "runs/demo leads to a model folder");
        String saved = last.substring("model saved to ".length(), last.indexOf(" (also"));
        assertEquals(
                dir.resolve(saved).toRealPath().toString(), link.toRealPath().toString());
    }

    private static String skipReason(String line) {
        return SKIPPED.entrySet().stream()
                .filter(e -> line.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Returns the launcher's command a line runs (such as {@code predict}), or empty. */
    private static String launcherCommand(String line) {
        if (!line.startsWith(LAUNCHER + " ")) {
            return "";
        }
        return line.substring(LAUNCHER.length() + 1).split("\\s+")[0];
    }

    private record Line(int number, String text) {}

    /** A block's command lines, with lines ending in a backslash joined to the next. */
    private static List<Line> logicalLines(Readme.Block block) {
        List<Line> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int start = 0;
        for (int i = 0; i < block.lines().size(); i++) {
            String line = block.lines().get(i).strip();
            if (pending.isEmpty()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                start = block.line() + 1 + i;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            lines.add(new Line(start, pending.toString()));
            pending.setLength(0);
        }
        return lines;
    }

    private static String withBudget(String line, String command) {
        if (!command.equals("demo")) {
            return line;
        }
        assertFalse(line.contains("#") || line.contains(">"), "the demo line takes options at its end: " + line);
        return line + " " + DEMO_BUDGET;
    }

    private static List<String> bash(String line) {
        return List.of("bash", "-c", line);
    }

    /** Writes the stand-in for examples/bin/longshort into the working folder. */
    private static void writeLauncher(Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(ChildProcess.java(Main.class.getName()));
        StringBuilder script = new StringBuilder("#!/usr/bin/env bash\nexec");
        for (String arg : cmd) {
            script.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        script.append(" \"$@\"\n");
        Path launcher = Files.createDirectories(dir.resolve("examples/bin")).resolve("longshort");
        Files.writeString(launcher, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The README's commands are bash; without bash they cannot run as pasted. */
    private static void requireBash() throws Exception {
        boolean bash;
        try {
            bash = new ProcessBuilder("bash", "-c", "true").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            bash = false;
        }
        if (!bash && "true".equals(System.getenv("CI"))) {
            fail("bash is needed to run the README's commands, and CI=true does not skip");
        }
        Assumptions.assumeTrue(bash, "bash is needed to run the README's commands as pasted");
    }
}

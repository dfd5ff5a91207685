package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.LstmSelfCheck;
import io.longshort.it.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while a real training process runs: SIGINT (and SIGTERM, which {@code Process.destroy()}
 * sends) ends it with exit code 130 after a checkpoint, with the position and the resume command
 * on standard error; the run's folder then tells the model commands to resume it, and {@code
 * train --resume} finishes it with the results of the same run never interrupted ({@link
 * CliModels#demo()}, the same command with no signal).
 */
class CtrlCTest {

    private static final long TIMEOUT_MILLIS = 180_000;
    private static final Pattern STOPPED = Pattern.compile(
            "longshort: stopped at epoch 1, window (\\d+) of 624 \\(step \\1\\); checkpoint saved in (\\S+)");

    @TempDir
    Path tmp;

    private static List<String> command(String... args) {
        List<String> flags = new ArrayList<>();
        flags.add("-D" + Launcher.PROPERTY + "=examples/bin/longshort");
        String selfcheck = System.getProperty(LstmSelfCheck.PROPERTY);
        if (selfcheck != null) {
            // the uninterrupted run is in this JVM: the interrupted one must take the same LSTM path
            flags.add("-D" + LstmSelfCheck.PROPERTY + "=" + selfcheck);
        }
        List<String> cmd = new ArrayList<>();
        if (Files.isDirectory(Path.of("/proc"))) {
            // a background job of a non-interactive shell (as CI may run the build) starts with SIGINT
            // ignored, and its children inherit that; GNU env gives the child the default back
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.addAll(CliTestSupport.childCommand(flags, args));
        return cmd;
    }

    /** Starts a child, waits until its output holds {@code ready}, then sends it the signal. */
    private Process startAndSignal(List<String> cmd, Path out, Path err, String ready, String signal) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!Files.readString(out).contains(ready)) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                fail("no '" + ready + "' from the child (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): "
                        + Files.readString(out) + Files.readString(err));
            }
            Thread.sleep(20);
        }
        if (signal.equals("INT")) {
            requireSigintNotIgnored(p.pid());
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
                            .start()
                            .waitFor());
        } else {
            p.destroy(); // SIGTERM
        }
        if (!p.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail("the child did not stop after SIG" + signal + ": " + Files.readString(out) + Files.readString(err));
        }
        return p;
    }

    /**
     * A process started with SIGINT ignored (a background job of a non-interactive shell) keeps it
     * ignored, and the JVM cannot take it over: then this test cannot send a Ctrl-C.
     */
    private static void requireSigintNotIgnored(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return; // not Linux: nothing to check, the signal is sent anyway
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                boolean ignored = (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2) != 0;
                String why = "SIGINT is ignored in this test's processes (started as a background job?),"
                        + " so a Ctrl-C cannot be sent; run the tests in the foreground";
                if ("true".equals(System.getenv("CI"))) {
                    assertTrue(!ignored, why);
                }
                Assumptions.assumeFalse(ignored, why);
            }
        }
    }

    @Test
    void ctrlCDuringTheDemoKeepsTheWorkAndTheResumedRunEndsAsTheUninterruptedOne() throws Exception {
        Run whole = CliModels.demo();
        assertEquals(0, whole.code(), whole.err());
        Path dir = tmp.resolve("demo");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        // the same command as CliModels.demo(); a plain line every tenth of the epoch (62 windows) shows that training
        // is under way
        Process p = startAndSignal(
                command(
                        "demo",
                        "--max-steps",
                        Long.toString(CliModels.DEMO_STEPS),
                        "--engine",
                        "pytorch",
                        "--out",
                        dir.toString()),
                out,
                err,
                "  step 62  ",
                "INT");

        String stderr = Files.readString(err);
        assertEquals(StopSignals.EXIT_CODE, p.exitValue(), Files.readString(out) + stderr);
        Matcher m = STOPPED.matcher(stderr);
        assertTrue(m.find(), stderr);
        long step = Long.parseLong(m.group(1));
        assertTrue(step >= 62 && step < CliModels.DEMO_STEPS, "stopped at step " + step);
        assertTrue(
                stderr.contains("\nlongshort: continue with: examples/bin/longshort train --resume " + dir + "\n"),
                "the resume command, on a line of its own, with the launcher as typed: " + stderr);
        Path checkpoint = Path.of(m.group(2));
        assertEquals(dir.resolve("checkpoints").resolve(checkpoint.getFileName()), checkpoint);
        assertEquals(step, CheckpointStore.verify(checkpoint).manifest().step(), "a whole checkpoint of that step");

        Run test = CliTestSupport.run("test", "--model", dir.toString());
        CliTestSupport.assertOneLineError(
                test, dir + " is an unfinished run", "`longshort train --resume " + dir + "`", "--model " + checkpoint);

        Run resumed = CliTestSupport.run("train", "--resume", dir.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(
                resumed.out()
                        .contains("longshort: resuming from the checkpoint at epoch 1, window " + step
                                + " of 624 (step " + step + ") in " + checkpoint + "\n"),
                resumed.out());
        assertTrue(
                resumed.out().contains("stopped after " + CliModels.DEMO_STEPS + " windows of epoch 1: "),
                resumed.out());
        JsonObject a = whole.json();
        JsonObject b = resumed.json();
        for (String key : List.of("train_perplexity", "valid_perplexity", "test_perplexity", "accuracy")) {
            assertEquals(a.get(key).getAsDouble(), b.get(key).getAsDouble(), 1e-6, key);
        }
        double max = TestModels.maxParameterDifference(CliModels.demoDir(), dir, Backends.get("pytorch"));
        assertTrue(max <= 1e-6, "max abs parameter difference " + max);
    }

    @Test
    void sigtermStopsTheSameWay() throws Exception {
        Path dir = tmp.resolve("tiny");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = startAndSignal(
                command("train", "--preset", "tiny", "--engine", "pytorch", "--out", dir.toString()),
                out,
                err,
                "  step ",
                "TERM");
        String stderr = Files.readString(err);
        assertEquals(StopSignals.EXIT_CODE, p.exitValue(), Files.readString(out) + stderr);
        assertTrue(stderr.contains("longshort: stopped at epoch "), stderr);
        assertTrue(stderr.contains("longshort: continue with: examples/bin/longshort train --resume " + dir), stderr);
        assertTrue(
                new CheckpointStore(dir.resolve("checkpoints"), 1)
                                .latest(null)
                                .orElseThrow()
                                .manifest()
                                .step()
                        > 0,
                "a checkpoint past step 0");
    }
}

package io.longshort.cli;

import static io.longshort.cli.CliTestSupport.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume}, the divergence guard and the refusal to start over an unfinished run. */
class CliResumeTest {

    @TempDir
    static Path tmp;

    private static Path finished;
    private static Run finishedRun;

    @BeforeAll
    static void trainOne() {
        finished = tmp.resolve("finished");
        finishedRun = CliTestSupport.run(
                "train",
                "--engine",
                "pytorch",
                "--preset",
                "tiny",
                "--max-steps",
                "30",
                "--out",
                finished.toString(),
                "--json");
        assertEquals(0, finishedRun.code(), finishedRun.err());
    }

    @Test
    void resumingAFinishedRunReportsItsResultsAndExitsZero() {
        Run again = CliTestSupport.run("train", "--resume", finished.toString(), "--json");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already finished"), again.out());
        JsonObject before = finishedRun.json();
        JsonObject after = again.json();
        assertEquals(
                before.get("test_perplexity").getAsDouble(),
                after.get("test_perplexity").getAsDouble(),
                0);
        assertEquals(30, after.get("steps").getAsLong());
        assertEquals(before.get("model_dir"), after.get("model_dir"));
    }

    @Test
    void resumeKeepsTheRunsOwnSettings() {
        assertOneLineError(
                CliTestSupport.run("train", "--resume", finished.toString(), "--preset", "small"),
                "--preset cannot be combined with --resume",
                "run.json");
        assertOneLineError(
                CliTestSupport.run("train", "--resume", finished.toString(), "--engine", "mxnet"),
                "--engine cannot be combined with --resume");
    }

    @Test
    void resumeNeedsARunFolder() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertOneLineError(
                CliTestSupport.run("train", "--resume", plain.toString()),
                "holds no run to resume (no run.json)",
                "--out folder of a training run");
        assertOneLineError(
                CliTestSupport.run("train", "--resume", tmp.resolve("missing").toString()), "Run folder not found");
    }

    @Test
    void divergenceStopsWithStepAndRateAndKeepsTheLastGoodCheckpoint() throws Exception {
        Run config = CliTestSupport.run("config", "--preset", "tiny");
        assertEquals(0, config.code(), config.err());
        JsonObject json = JsonParser.parseString(config.out()).getAsJsonObject();
        JsonObject training = json.getAsJsonObject("training");
        // an absurd learning rate with clipping off: the cost explodes within a few windows
        training.addProperty("learningRate", 1e36);
        training.addProperty("maxGradNorm", 3e38);
        training.addProperty("maxSteps", 400);
        json.addProperty("engine", "pytorch");
        Path file = tmp.resolve("diverge.json");
        Files.writeString(file, json.toString());
        Path out = tmp.resolve("diverged");
        Run run = CliTestSupport.run(
                "train", "--config", file.toString(), "--checkpoint-every", "1", "--out", out.toString());
        assertOneLineError(
                run,
                "Training diverged at epoch 1",
                "with learning rate 1.0E36",
                "lower the learning rate or the clip norm",
                "the last good checkpoint");
        Matcher m = Pattern.compile("\\(step (\\d+)\\).*the last good checkpoint, (\\S+), is kept")
                .matcher(run.err());
        assertTrue(m.find(), run.err());
        long diverged = Long.parseLong(m.group(1));
        CheckpointStore.Checkpoint kept = CheckpointStore.verify(Path.of(m.group(2)));
        long step = kept.manifest().step();
        assertEquals(
                diverged - 1, step, "the newest checkpoint (every window) before step " + diverged + ", got " + step);
        assertFalse(Files.exists(out.resolve("model.json")), "no final model is written");

        // the folder now holds an unfinished run: starting another there is refused
        assertOneLineError(
                CliTestSupport.run("train", "--preset", "tiny", "--out", out.toString()),
                "holds an unfinished run",
                "train --resume " + out,
                "--overwrite");
    }
}

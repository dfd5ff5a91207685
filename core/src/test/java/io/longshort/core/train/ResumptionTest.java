package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.Manifest;
import io.longshort.core.checkpoint.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a run starts: the newest usable checkpoint of the run (its position, sums, id and metrics
 * files), or the beginning; never the beginning while damaged checkpoints are all there is.
 */
class ResumptionTest {

    @TempDir
    Path tmp;

    private CheckpointStore store() {
        return new CheckpointStore(tmp.resolve("ck"), 3);
    }

    private static TrainerState state(String run, int epoch, int window, long step) {
        return new TrainerState(
                run,
                epoch,
                window,
                step,
                epoch,
                12.5,
                3,
                window,
                1000,
                5000,
                400,
                90.0,
                95.0,
                new LearningRates.Position(1f, 95.0, 0),
                step,
                Map.of("valid_perplexity", 95.0));
    }

    private Path write(CheckpointStore store, TrainerState s, String logCsv) {
        Manifest header = new Manifest(
                CheckpointStore.FORMAT_VERSION,
                s.runId(),
                s.totalSteps(),
                s.epoch(),
                s.window(),
                false,
                null,
                Map.of());
        return store.write(header, dir -> {
                    Files.writeString(
                            dir.resolve(TrainerState.FILE), ModelFiles.gson().toJson(s));
                    Files.writeString(dir.resolve(MetricsWriter.LOG_CSV), logCsv);
                })
                .dir();
    }

    @Test
    void withoutResumeARunStartsAtTheBeginningWithANewId() {
        CheckpointStore store = store();
        write(store, state("r", 1, 2, 12), "log");
        Resumption start = Resumption.find(store, null, false, tmp.resolve("out"));
        assertFalse(start.fromCheckpoint());
        assertNotNull(start.runId(null));
        assertFalse(start.runId(null).equals("r"));
        assertEquals("mine", start.runId("mine"));
        assertEquals(0, start.progress().totalSteps);
        assertFalse(Files.exists(tmp.resolve("out")), "nothing is restored");
    }

    @Test
    void resumingContinuesFromTheNewestCheckpointOfTheRun() throws IOException {
        CheckpointStore store = store();
        write(store, state("r", 0, 5, 5), "old");
        write(store, state("r", 1, 2, 12), "header\nline\n");
        Path out = tmp.resolve("out");
        Resumption start = Resumption.find(store, "r", true, out);
        assertTrue(start.fromCheckpoint());
        assertEquals("r", start.runId(null));
        assertEquals(state("r", 1, 2, 12), start.progress().toState("r", new LearningRates.Position(1f, 95.0, 0), 12));
        assertEquals("header\nline\n", Files.readString(out.resolve(MetricsWriter.LOG_CSV)));
        assertFalse(Files.exists(out.resolve(MetricsWriter.EPOCH_CSV)), "only the files the checkpoint has");
    }

    @Test
    void onlyTheRunsOwnCheckpointsAreTakenWhenItHasAnId() {
        CheckpointStore store = store();
        write(store, state("r", 1, 2, 12), "x");
        assertFalse(Resumption.find(store, "other", true, tmp.resolve("out")).fromCheckpoint());
        Resumption any = Resumption.find(store, null, true, tmp.resolve("out"));
        assertEquals("r", any.runId(null));
        assertEquals(12, any.progress().totalSteps);
    }

    @Test
    void resumingWithoutCheckpointsStartsAtTheBeginning() {
        Resumption start = Resumption.find(store(), "r", true, tmp.resolve("out"));
        assertFalse(start.fromCheckpoint());
        assertEquals("r", start.runId("r"));
    }

    @Test
    void onlyDamagedCheckpointsStopTheRun() throws IOException {
        CheckpointStore store = store();
        Path dir = write(store, state("r", 1, 2, 12), "x");
        Files.writeString(dir.resolve(TrainerState.FILE), "{}");
        LongshortException e =
                assertThrows(LongshortException.class, () -> Resumption.find(store, "r", true, tmp.resolve("out")));
        assertTrue(
                e.getMessage().startsWith("No usable checkpoint in " + store.root() + " (1 damaged, the newest: "),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith("); delete the damaged step-N folders to start the run from the beginning."),
                e.getMessage());
    }

    @Test
    void aDamagedCheckpointIsSkippedForAnEarlierOne() throws IOException {
        CheckpointStore store = store();
        write(store, state("r", 0, 5, 5), "earlier");
        Path newest = write(store, state("r", 1, 2, 12), "newest");
        Files.writeString(newest.resolve(MetricsWriter.LOG_CSV), "changed");
        Resumption start = Resumption.find(store, "r", true, tmp.resolve("out"));
        assertEquals(5, start.progress().totalSteps);
    }

    @Test
    void anIncompleteTrainerStateIsNamed() throws IOException {
        CheckpointStore store = store();
        Manifest header = new Manifest(CheckpointStore.FORMAT_VERSION, "r", 3, 0, 3, false, null, Map.of());
        Path dir = store.write(header, d -> Files.writeString(d.resolve(TrainerState.FILE), "{\"runId\":\"r\"}"))
                .dir();
        LongshortException e =
                assertThrows(LongshortException.class, () -> Resumption.find(store, "r", true, tmp.resolve("out")));
        assertEquals(dir.resolve(TrainerState.FILE) + " is incomplete", e.getMessage());
    }
}

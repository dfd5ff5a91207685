package io.longshort.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints are whole or absent, verified by their manifest, and pruned to the last K plus the best. */
class CheckpointStoreTest {

    @TempDir
    Path tmp;

    private static Manifest header(String run, long step, Double valid) {
        return new Manifest(CheckpointStore.FORMAT_VERSION, run, step, 0, (int) step, valid != null, valid, Map.of());
    }

    private static CheckpointStore.Content files(String text) {
        return dir -> {
            Files.writeString(dir.resolve("a.txt"), text);
            Files.write(dir.resolve("b.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        };
    }

    private static List<String> names(CheckpointStore store) {
        return store.list().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void writesAManifestWithTheDigestOfEveryFile() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 3);
        CheckpointStore.Checkpoint c = store.write(header("r", 7, null), files("seven"));
        assertEquals("step-000000000007", c.dir().getFileName().toString());
        assertEquals(
                Map.of(
                        "a.txt",
                        Durable.sha256(c.dir().resolve("a.txt")),
                        "b.bin",
                        Durable.sha256(c.dir().resolve("b.bin"))),
                c.manifest().files());
        assertEquals(c.manifest(), CheckpointStore.verify(c.dir()).manifest());
        try (var left = Files.list(tmp.resolve("ck"))) {
            assertEquals(1, left.count(), "no temporary folder is left behind");
        }
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 3);
        Path dir = store.write(header("r", 1, null), files("one")).dir();
        Files.write(dir.resolve("b.bin"), new byte[] {1, 2, 3});
        LongshortException e = assertThrows(LongshortException.class, () -> CheckpointStore.verify(dir));
        assertTrue(e.getMessage().contains("is damaged: b.bin does not match its SHA-256"), e.getMessage());
        assertTrue(e.getMessage().contains("use an earlier checkpoint"), e.getMessage());
    }

    @Test
    void aFlippedBitIsNamed() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 3);
        Path dir = store.write(header("r", 1, null), files("one")).dir();
        byte[] bytes = Files.readAllBytes(dir.resolve("b.bin"));
        bytes[5] ^= 0x10;
        Files.write(dir.resolve("b.bin"), bytes);
        LongshortException e = assertThrows(LongshortException.class, () -> CheckpointStore.verify(dir));
        assertTrue(e.getMessage().contains("b.bin does not match"), e.getMessage());
    }

    @Test
    void aMissingFileOrManifestIsNamed() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 3);
        Path dir = store.write(header("r", 1, null), files("one")).dir();
        Files.delete(dir.resolve("a.txt"));
        assertTrue(assertThrows(LongshortException.class, () -> CheckpointStore.verify(dir))
                .getMessage()
                .contains("a.txt is missing"));
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertTrue(assertThrows(LongshortException.class, () -> CheckpointStore.verify(plain))
                .getMessage()
                .contains("is not a checkpoint (no manifest.json)"));
        Files.writeString(dir.resolve(CheckpointStore.MANIFEST), "{\"formatVersion\": ");
        assertTrue(assertThrows(LongshortException.class, () -> CheckpointStore.verify(dir))
                .getMessage()
                .contains("manifest.json cannot be read"));
    }

    @Test
    void latestSkipsDamagedAndOtherRunsCheckpoints() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 5);
        store.write(header("r", 10, null), files("10"));
        store.write(header("r", 20, null), files("20"));
        Path newest = store.write(header("r", 30, null), files("30")).dir();
        Files.writeString(newest.resolve("a.txt"), "changed");
        assertEquals(20, store.latest("r").orElseThrow().manifest().step());
        assertTrue(store.latest("other").isEmpty());
        assertEquals(20, store.latest(null).orElseThrow().manifest().step());
    }

    @Test
    void keepsTheLastKAndTheBestAndDropsOtherRuns() {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 2);
        store.write(header("old", 5, 1.0), files("old"));
        store.write(header("r", 10, 50.0), files("10"));
        store.write(header("r", 20, 40.0), files("20"));
        store.write(header("r", 30, null), files("30"));
        store.write(header("r", 40, 45.0), files("40"));
        store.write(header("r", 50, null), files("50"));
        assertEquals(List.of("step-000000000020", "step-000000000040", "step-000000000050"), names(store));
    }

    @Test
    void temporaryFoldersOfKilledWritesAreRemoved() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 2);
        store.write(header("r", 1, null), files("1"));
        Path partial = Files.createDirectories(tmp.resolve("ck").resolve(".tmp-step-000000000002-123"));
        Files.writeString(partial.resolve("a.txt"), "half");
        assertEquals(List.of("step-000000000001"), names(store), "a temporary folder is not a checkpoint");
        store.removeTemporary();
        assertFalse(Files.exists(partial));
    }

    @Test
    void aFailedWriteKeepsEarlierCheckpointsAndSaysWhatToDo() {
        CheckpointStore store = new CheckpointStore(tmp.resolve("ck"), 2);
        store.write(header("r", 1, null), files("1"));
        LongshortException e = assertThrows(
                LongshortException.class,
                () -> store.write(header("r", 2, null), dir -> {
                    throw new IOException("No space left on device");
                }));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("earlier checkpoints are kept"), e.getMessage());
        assertEquals(List.of("step-000000000001"), names(store));
        assertEquals(1, store.latest("r").orElseThrow().manifest().step());
    }

    @Test
    void keepLastMustBePositive() {
        assertTrue(assertThrows(LongshortException.class, () -> new CheckpointStore(tmp, 0))
                .getMessage()
                .contains("at least 1"));
    }
}

package io.longshort.core.checkpoint;

import com.google.gson.JsonParseException;
import io.longshort.core.LongshortException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of training runs, one folder each ({@code step-000000001200}) under a root
 * folder. A checkpoint is written whole into a hidden temporary folder ({@code .tmp-...}): each
 * file is forced to the disk, then {@value #MANIFEST} with the SHA-256 of every file is written
 * and forced, then the folder is renamed into place and the root forced. A kill at any moment
 * therefore leaves either the complete checkpoint or a temporary folder, which the next run
 * removes; {@link #verify} checks every digest before a checkpoint is used. After each write the
 * store keeps the newest {@code keepLast} checkpoints of the run, plus the one with the best
 * validation perplexity, and removes the rest (and those of earlier runs) by renaming each to a
 * temporary name first, so that a kill during removal never leaves a damaged checkpoint.
 *
 * <p>Test hook: the system property {@value #WRITE_DELAY_PROPERTY} (milliseconds) pauses each
 * write between its content and its manifest, so that crash tests can kill a process in the
 * middle of a write.
 */
public final class CheckpointStore {

    /** The manifest file, written last. */
    public static final String MANIFEST = "manifest.json";
    /** The checkpoint format version written by this library. */
    public static final int FORMAT_VERSION = 1;
    /** The system property that pauses every write before its manifest (for crash tests). */
    public static final String WRITE_DELAY_PROPERTY = "longshort.test.checkpointWriteDelayMillis";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String PREFIX = "step-";
    private static final String TEMPORARY = ".tmp-";

    private final Path root;
    private final int keepLast;

    /**
     * Creates a store.
     *
     * @param root the folder that holds the checkpoints (created on the first write)
     * @param keepLast how many of the newest checkpoints to keep (at least 1); the best one by
     *     validation perplexity is kept as well
     */
    public CheckpointStore(Path root, int keepLast) {
        if (keepLast < 1) {
            throw new LongshortException(
                    "The number of checkpoints to keep is " + keepLast + ": it must be at least 1.");
        }
        this.root = root;
        this.keepLast = keepLast;
    }

    /**
     * Returns the root folder.
     *
     * @return the folder that holds the checkpoints
     */
    public Path root() {
        return root;
    }

    /** Writes a checkpoint's files (everything but the manifest) into a folder. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the files.
         *
         * @param dir the (temporary) checkpoint folder, which exists and is empty
         * @throws IOException if writing fails
         */
        void writeTo(Path dir) throws IOException;
    }

    /**
     * A verified checkpoint.
     *
     * @param dir its folder
     * @param manifest its manifest
     */
    public record Checkpoint(Path dir, Manifest manifest) {}

    /**
     * Writes a checkpoint, then removes the ones no longer kept.
     *
     * @param header the manifest without files (they are listed here)
     * @param content writes the files
     * @return the checkpoint written
     */
    public Checkpoint write(Manifest header, Content content) {
        Path target = root.resolve(name(header.step()));
        Path tmp = root.resolve(TEMPORARY + target.getFileName() + "-" + System.nanoTime());
        try {
            Files.createDirectories(root);
            Files.createDirectory(tmp);
            content.writeTo(tmp);
            Map<String, String> digests = new TreeMap<>();
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    Durable.sync(f);
                    digests.put(f.getFileName().toString(), Durable.sha256(f));
                }
            }
            pauseForTests();
            Manifest manifest = header.withFiles(digests);
            Path manifestFile = tmp.resolve(MANIFEST);
            Files.writeString(manifestFile, ModelFiles.gson().toJson(manifest), StandardCharsets.UTF_8);
            Durable.sync(manifestFile);
            Durable.sync(tmp);
            if (Files.exists(target)) {
                // a damaged checkpoint of the same step, left by a run that was killed: replace it
                removeQuietly(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Durable.sync(root);
            LOG.debug("wrote checkpoint {}", target);
            prune(header.runId());
            return new Checkpoint(target, manifest);
        } catch (IOException e) {
            removeQuietly(tmp);
            throw new LongshortException(
                    "Cannot write the checkpoint " + target + " (" + e.getMessage() + "): check that " + root
                            + " is writable and the disk has room; earlier checkpoints are kept.",
                    e);
        }
    }

    /**
     * Returns the newest checkpoint that passes {@link #verify}, skipping damaged ones.
     *
     * @param runId the run whose checkpoints to consider, or {@code null} for any run
     * @return the checkpoint, or empty if there is none
     */
    public Optional<Checkpoint> latest(String runId) {
        return latest(runId, new ArrayList<>());
    }

    /**
     * Returns the newest checkpoint that passes {@link #verify}, and says which newer ones were
     * skipped as damaged.
     *
     * @param runId the run whose checkpoints to consider, or {@code null} for any run
     * @param damaged receives the message of each damaged checkpoint skipped, newest first
     * @return the checkpoint, or empty if there is none
     */
    public Optional<Checkpoint> latest(String runId, List<String> damaged) {
        List<Path> dirs = list();
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Checkpoint c;
            try {
                c = verify(dirs.get(i));
            } catch (LongshortException e) {
                damaged.add(e.getMessage());
                continue;
            }
            if (runId == null || runId.equals(c.manifest().runId())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the checkpoint folders, oldest first (by step), whether valid or not.
     *
     * @return the folders
     */
    public List<Path> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> all = Files.list(root)) {
            all.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(out::add);
        } catch (IOException e) {
            throw new LongshortException("Cannot list the checkpoints in " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Removes the temporary folders that killed writes and removals left behind.
     */
    public void removeTemporary() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> all = Files.list(root)) {
            all.filter(p -> p.getFileName().toString().startsWith(TEMPORARY)).forEach(this::removeQuietly);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", root, e.getMessage());
        }
    }

    /**
     * Checks a checkpoint: its manifest is readable and of a known version, and every file it
     * lists is there with the recorded SHA-256.
     *
     * @param dir the checkpoint folder
     * @return the checkpoint
     * @throws LongshortException naming the missing or damaged file
     */
    public static Checkpoint verify(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LongshortException("Checkpoint folder not found: " + dir
                    + "; pass a step-N folder from the checkpoints folder of a training run.");
        }
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new LongshortException(dir + " is not a checkpoint (no " + MANIFEST
                    + "); pass a step-N folder from the checkpoints folder of a training run.");
        }
        Manifest manifest;
        try {
            manifest = readManifest(dir);
        } catch (IOException | JsonParseException e) {
            throw damaged(dir, MANIFEST, "cannot be read (" + e.getMessage() + ")");
        }
        if (manifest == null || manifest.files() == null || manifest.files().isEmpty()) {
            throw damaged(dir, MANIFEST, "is incomplete");
        }
        if (manifest.formatVersion() != FORMAT_VERSION) {
            throw new LongshortException("Unsupported checkpoint version " + manifest.formatVersion() + " in " + file
                    + "; this longshort reads version " + FORMAT_VERSION + ": train again.");
        }
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw damaged(dir, e.getKey(), "is missing");
            }
            String actual;
            try {
                actual = Durable.sha256(f);
            } catch (IOException ex) {
                throw damaged(dir, e.getKey(), "cannot be read (" + ex.getMessage() + ")");
            }
            if (!actual.equals(e.getValue())) {
                throw damaged(dir, e.getKey(), "does not match its SHA-256 in " + MANIFEST + " (truncated or changed)");
            }
        }
        return new Checkpoint(dir, manifest);
    }

    private static LongshortException damaged(Path dir, String file, String what) {
        return new LongshortException("Checkpoint " + dir + " is damaged: " + file + " " + what
                + "; use an earlier checkpoint (resuming skips damaged ones; delete this folder to keep it tidy).");
    }

    /** Keeps the newest {@code keepLast} of the run and its best; removes the rest. */
    private void prune(String runId) {
        List<Checkpoint> ours = new ArrayList<>();
        for (Path dir : list()) {
            // the manifest alone (no digests: hashing every kept checkpoint on each write costs
            // too much); damaged ones are left for the user to look at, and resume skips them
            Manifest m = readManifestQuietly(dir);
            if (m == null) {
                continue;
            }
            Checkpoint c = new Checkpoint(dir, m);
            if (runId.equals(m.runId())) {
                ours.add(c);
            } else {
                removeQuietly(dir);
            }
        }
        Checkpoint best = null;
        for (Checkpoint c : ours) {
            Double v = c.manifest().validPerplexity();
            if (v != null && (best == null || v < best.manifest().validPerplexity())) {
                best = c;
            }
        }
        for (int i = 0; i < ours.size() - keepLast; i++) {
            if (ours.get(i) != best) {
                removeQuietly(ours.get(i).dir());
            }
        }
    }

    private static Manifest readManifest(Path dir) throws IOException {
        return ModelFiles.gson()
                .fromJson(Files.readString(dir.resolve(MANIFEST), StandardCharsets.UTF_8), Manifest.class);
    }

    private static Manifest readManifestQuietly(Path dir) {
        try {
            return readManifest(dir);
        } catch (IOException | JsonParseException e) {
            return null;
        }
    }

    private void removeQuietly(Path dir) {
        try {
            Path doomed = dir;
            if (!dir.getFileName().toString().startsWith(TEMPORARY)) {
                doomed = dir.resolveSibling(TEMPORARY + "removed-" + dir.getFileName() + "-" + System.nanoTime());
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            }
            Durable.deleteTree(doomed);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }

    private static void pauseForTests() {
        String delay = System.getProperty(WRITE_DELAY_PROPERTY);
        if (delay == null) {
            return;
        }
        try {
            Thread.sleep(Long.parseLong(delay));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring {}={}: not a number", WRITE_DELAY_PROPERTY, delay);
        }
    }

    /**
     * Returns the folder name of a step's checkpoint.
     *
     * @param step the step
     * @return the name, zero-padded so that names sort by step
     */
    public static String name(long step) {
        return String.format(Locale.ROOT, "%s%012d", PREFIX, step);
    }
}

package io.longshort.examples.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.Reasons;
import io.longshort.core.checkpoint.ModelFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a training run writes its model folder. A run with {@code --overwrite} over a folder that
 * already holds a model trains into a fresh hidden folder beside it ({@code .NAME.new-*}) and
 * moves the result in only when training has succeeded, so that a run that fails (bad data,
 * divergence, a full disk, Ctrl-C) leaves the old model as it was. Any other run writes straight
 * into the folder.
 */
final class StagedOutput {

    private final Path target;
    private final Path dir;

    private StagedOutput(Path target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    /**
     * Starts writing a model folder.
     *
     * @param target the model folder asked for ({@code --out}), already checked
     * @return where to write
     */
    static StagedOutput begin(Path target) {
        if (!ModelFiles.isModel(target) && !ModelFiles.isModel(target.resolve("checkpoint"))) {
            return new StagedOutput(target, target);
        }
        Path parent = target.toAbsolutePath().getParent();
        try {
            return new StagedOutput(target,
                    Files.createTempDirectory(parent, "." + target.getFileName() + ".new-"));
        } catch (IOException e) {
            throw new LongshortException("Cannot create a folder beside " + target + " (" + Reasons.of(e)
                    + ") to train into before replacing the model: choose a writable --out.", e);
        }
    }

    /**
     * Returns the folder to train into.
     *
     * @return the folder
     */
    Path dir() {
        return dir;
    }

    /** Moves the new model into the target folder, file by file, {@code model.json} last. */
    void commit() {
        if (dir.equals(target)) {
            return;
        }
        try {
            moveInto(dir, target);
            deleteTree(dir);
        } catch (IOException e) {
            throw new LongshortException("Cannot move the new model from " + dir + " into " + target + " ("
                    + Reasons.of(e) + "): the new model is complete in " + dir + "; move it by hand.", e);
        }
    }

    /** Deletes the half-written new model; the target folder was never touched. */
    void abort() {
        if (!dir.equals(target)) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                // leave it: the old model is intact, and the folder is hidden and marked .new-
            }
        }
    }

    private static void moveInto(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> entries;
        try (Stream<Path> list = Files.list(from)) {
            entries = new ArrayList<>(list.toList());
        }
        entries.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals(ModelFiles.RECORD)));
        for (Path entry : entries) {
            Path dest = to.resolve(entry.getFileName().toString());
            if (Files.isDirectory(entry)) {
                moveInto(entry, dest);
            } else {
                try {
                    Files.move(entry, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(entry, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

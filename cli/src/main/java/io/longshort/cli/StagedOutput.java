package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.Reasons;
import io.longshort.core.checkpoint.Durable;
import io.longshort.core.checkpoint.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a training run writes its model folder. A run with {@code --overwrite} over a folder that
 * already holds a model (or a run) trains into a hidden folder beside it ({@code .NAME.new}) and
 * moves the result in only when training has succeeded, so that a run that fails (bad data,
 * divergence, a full disk, a kill) leaves the old model as it was. Any other run writes straight
 * into the folder. A staged run that was killed is continued by {@code train --resume NAME},
 * which finds it beside the folder.
 */
final class StagedOutput {

    private static final String SUFFIX = ".new";

    private final Path target;
    private final Path dir;

    private StagedOutput(Path target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    private static Path stagingFor(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + SUFFIX);
    }

    /**
     * Starts writing a model folder.
     *
     * @param target the model folder asked for ({@code --out}), already checked
     * @return where to write
     */
    static StagedOutput begin(Path target) {
        Path staging = stagingFor(target);
        try {
            // an earlier staged attempt: --overwrite asked to start over
            Durable.deleteTree(staging);
            if (!ModelFiles.isModel(target) && !RunFile.exists(target)) {
                return new StagedOutput(target, target);
            }
            return new StagedOutput(target, Files.createDirectories(staging));
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot create " + staging + " (" + Reasons.of(e)
                            + ") to train into before replacing the model: choose a writable --out.",
                    e);
        }
    }

    /**
     * Returns where the run of a model folder lives: the hidden folder beside it if a staged run
     * is there, else the folder itself.
     *
     * @param target the model folder ({@code --out} of the run)
     * @return the run's folder
     */
    static StagedOutput resume(Path target) {
        Path staging = stagingFor(target);
        return RunFile.exists(staging) ? new StagedOutput(target, staging) : new StagedOutput(target, target);
    }

    /**
     * Returns whether the run lives in a hidden folder beside its model folder.
     *
     * @return whether it is staged
     */
    boolean staged() {
        return !dir.equals(target);
    }

    /**
     * Returns the model folder asked for.
     *
     * @return the folder
     */
    Path target() {
        return target;
    }

    /**
     * Returns the folder to train into.
     *
     * @return the folder
     */
    Path dir() {
        return dir;
    }

    /**
     * Moves the new model into the target folder: its checkpoints folder replaces the old one,
     * then every file, {@code model.json} last. A kill in between leaves the rest in the hidden
     * folder, and {@code --resume} finishes the move.
     */
    void commit() {
        if (!staged()) {
            return;
        }
        try {
            moveInto(dir, target);
            Durable.deleteTree(dir);
        } catch (IOException e) {
            throw new LongshortException(
                    "Cannot move the new model from " + dir + " into " + target + " (" + Reasons.of(e)
                            + "): the new model is complete in " + dir + "; move it by hand.",
                    e);
        }
    }

    /**
     * After a failure: deletes the hidden folder unless it holds checkpoints (which {@code
     * --resume} can continue from, and which a divergence message names); the target folder was
     * never touched.
     */
    void abort() {
        if (!staged()) {
            return;
        }
        try {
            Path checkpoints = dir.resolve("checkpoints");
            boolean resumable = false;
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> list = Files.list(checkpoints)) {
                    resumable = list.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
                }
            }
            if (!resumable) {
                Durable.deleteTree(dir);
            }
        } catch (IOException e) {
            // leave it: the old model is intact, and the folder is hidden and marked .new
        }
    }

    private static void moveInto(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> entries;
        try (Stream<Path> list = Files.list(from)) {
            entries = new ArrayList<>(list.toList());
        }
        // folders first, model.json last
        entries.sort(Comparator.comparing((Path p) -> !Files.isDirectory(p))
                .thenComparing(p -> p.getFileName().toString().equals(ModelFiles.RECORD)));
        for (Path entry : entries) {
            Path dest = to.resolve(entry.getFileName().toString());
            if (Files.isDirectory(entry)) {
                Durable.deleteTree(dest); // the old run's checkpoints
                Files.move(entry, dest, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Durable.move(entry, dest);
            }
        }
    }
}

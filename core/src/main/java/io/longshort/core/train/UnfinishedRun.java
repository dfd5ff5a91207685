package io.longshort.core.train;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.ModelFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * Recognises a model folder whose run stopped before it saved its model: it has checkpoints but no
 * {@code model.json}. Starting a new run there would prune those checkpoints, so {@link
 * LanguageModelTrainer} refuses unless told to resume or to start again, and the command line
 * asks the same question of {@code --out}.
 */
public final class UnfinishedRun {

    private UnfinishedRun() {}

    /**
     * Returns whether a model folder holds an unfinished run.
     *
     * @param outDir the model folder
     * @param checkpointRoot the folder of its run's {@code step-N} checkpoints
     * @return whether there are checkpoints and no saved model
     */
    public static boolean in(Path outDir, Path checkpointRoot) {
        return !ModelFiles.isModel(outDir)
                && !new CheckpointStore(checkpointRoot, 1).list().isEmpty();
    }

    /**
     * Refuses to start a run over an unfinished one, naming the trainer's options that decide.
     *
     * @param outDir the model folder
     * @param checkpointRoot the folder of its run's checkpoints
     * @throws LongshortException if the folder holds an unfinished run
     */
    static void refuseToStartOver(Path outDir, Path checkpointRoot) {
        if (in(outDir, checkpointRoot)) {
            List<Path> checkpoints = new CheckpointStore(checkpointRoot, 1).list();
            throw new LongshortException(outDir + " holds an unfinished run (no " + ModelFiles.RECORD + ", newest"
                    + " checkpoint " + checkpoints.get(checkpoints.size() - 1).getFileName()
                    + "): continue it with optResume(true), or pass optOverwrite(true) to start again.");
        }
    }
}

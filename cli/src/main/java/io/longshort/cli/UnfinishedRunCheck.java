package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.ModelFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * The commands that use a model ({@code test}, {@code predict}, {@code score}, {@code generate},
 * {@code info}) given the folder of a run that has not finished (stopped, killed or still
 * training): it holds checkpoints but no model yet, and the way on is to resume it, or to use a
 * checkpoint, which is a model folder too.
 */
final class UnfinishedRunCheck {

    private UnfinishedRunCheck() {}

    /**
     * Throws if a folder given as {@code --model} holds an unfinished run rather than a model;
     * anything else is left to the model loader's checks.
     *
     * @param model the folder
     * @throws LongshortException naming the resume command and the newest checkpoint
     */
    static void check(Path model) {
        if (ModelFiles.isModel(model)) {
            return;
        }
        Path checkpoints = model.resolve("checkpoints");
        if (RunFile.exists(model)) {
            try {
                checkpoints = RunFile.read(model).experiment().training().checkpointDir(model);
            } catch (LongshortException e) {
                // a damaged run file: the default checkpoint folder is still worth a look
            }
        } else if (new CheckpointStore(checkpoints, 1).list().isEmpty()) {
            return;
        }
        List<Path> steps = new CheckpointStore(checkpoints, 1).list();
        String resume = "`" + Launcher.command("train", "--resume", model.toString()) + "`";
        throw new LongshortException(model + " is an unfinished run ("
                + (steps.isEmpty()
                        ? "no model or checkpoint yet): finish it with " + resume + "."
                        : "checkpoints, no model yet): finish it with " + resume + ", or pass --model "
                                + steps.get(steps.size() - 1) + " to use its newest checkpoint."));
    }
}

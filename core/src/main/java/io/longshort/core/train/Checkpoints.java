package io.longshort.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.Manifest;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Writes a run's checkpoints: one after every epoch (after its validation, positioned at the
 * start of the next), others within an epoch as its {@link CheckpointSchedule} says, and one
 * when a stop was asked for ({@link LanguageModelTrainer#stop()}), after which it ends the run
 * with a {@link TrainingStoppedException}. A checkpoint holds everything {@link Resumption} needs
 * to continue exactly: the model, the {@link TrainerState}, the carried state, the optimizer's
 * arrays and the metrics files so far.
 */
final class Checkpoints implements LoopListener {

    private final CheckpointStore store;
    private final String runId;
    private final CheckpointSchedule schedule;
    private final BooleanSupplier stopRequested;
    private final Path outDir;
    private final Vocabulary vocabulary;
    private final ModelRecords records;
    private Path last;
    private long lastStep = -1;

    /**
     * Creates the checkpoint policy of a run.
     *
     * @param store the run's checkpoint folder
     * @param runId the run
     * @param schedule when to write checkpoints within an epoch
     * @param stopRequested whether the run was asked to stop, using the request up (each true
     *     answer ends the run)
     * @param outDir the model folder, whose metrics files each checkpoint copies
     * @param vocabulary the vocabulary saved with the model
     * @param records the model records
     */
    Checkpoints(
            CheckpointStore store,
            String runId,
            CheckpointSchedule schedule,
            BooleanSupplier stopRequested,
            Path outDir,
            Vocabulary vocabulary,
            ModelRecords records) {
        this.store = store;
        this.runId = runId;
        this.schedule = schedule;
        this.stopRequested = stopRequested;
        this.outDir = outDir;
        this.vocabulary = vocabulary;
        this.records = records;
    }

    @Override
    public void onBatchEnd(TrainingRun run) {
        if (schedule.dueAfterWindow(run.progress(), run.windows())) {
            write(run, false, null);
        }
        stopIfRequested(run);
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochReport report) {
        write(run, true, run.progress().lastValidPpl);
        stopIfRequested(run);
    }

    /**
     * Ends the run if a stop was asked for: writes a checkpoint of its position, unless the last
     * one holds it (or nothing was trained yet), and throws.
     *
     * @param run the run
     * @throws TrainingStoppedException if a stop was asked for
     */
    void stopIfRequested(TrainingRun run) {
        if (!stopRequested.getAsBoolean()) {
            return;
        }
        Progress p = run.progress();
        if (p.totalSteps > 0 && lastStep != p.totalSteps) {
            write(run, false, null);
        }
        throw stopped(p, run.windows());
    }

    /**
     * Returns the exception that ends a run stopped where its newest checkpoint already holds it
     * (during the final test): nothing is written.
     *
     * @param p the run's position
     * @param windows the windows in an epoch
     * @return the exception to throw
     */
    TrainingStoppedException stopped(Progress p, int windows) {
        return new TrainingStoppedException(
                p.totalSteps > 0 ? lastGood() : null, new TrainingPosition(p.epoch, p.window, windows, p.totalSteps));
    }

    /**
     * Returns whether the run was asked to stop; a caller that gets true must end the run.
     *
     * @return whether {@link LanguageModelTrainer#stop()} was called
     */
    boolean stopRequested() {
        return stopRequested.getAsBoolean();
    }

    /**
     * Returns the newest good checkpoint of the run: the last one written, else the newest one
     * in the folder.
     *
     * @return its folder, or {@code null} if there is none
     */
    Path lastGood() {
        return last != null
                ? last
                : store.latest(runId).map(CheckpointStore.Checkpoint::dir).orElse(null);
    }

    private void write(TrainingRun run, boolean endOfEpoch, Double validPpl) {
        Progress p = run.progress();
        TrainerState state =
                p.toState(runId, run.rates().position(), run.updater().steps());
        Manifest header = new Manifest(
                CheckpointStore.FORMAT_VERSION, runId, p.totalSteps, p.epoch, p.window, endOfEpoch, validPpl, Map.of());
        NDList carried = run.carried().get();
        last = store.write(header, dir -> {
                    ModelFiles.save(dir, run.net(), vocabulary, records.of(p.epochsDone, p.totalSteps, p.metrics));
                    Files.writeString(
                            dir.resolve(TrainerState.FILE), ModelFiles.gson().toJson(state), StandardCharsets.UTF_8);
                    if (carried != null) {
                        Files.write(dir.resolve(TrainerState.CARRIED_STATE), carried.encode());
                    }
                    List<NDArray> optimizer = run.updater().stateArrays();
                    if (!optimizer.isEmpty()) {
                        Files.write(dir.resolve(TrainerState.OPTIMIZER), new NDList(optimizer).encode());
                    }
                    for (String f : List.of(MetricsWriter.LOG_CSV, MetricsWriter.EPOCH_CSV)) {
                        if (Files.isRegularFile(outDir.resolve(f))) {
                            Files.copy(outDir.resolve(f), dir.resolve(f));
                        }
                    }
                })
                .dir();
        lastStep = p.totalSteps;
        schedule.written();
    }
}

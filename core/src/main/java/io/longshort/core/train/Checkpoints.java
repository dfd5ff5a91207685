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

/**
 * Writes a run's checkpoints: one after every epoch (after its validation, positioned at the
 * start of the next) and, with {@code every > 0}, one every that many windows within an epoch. A
 * checkpoint holds everything {@link Resumption} needs to continue exactly: the model, the
 * {@link TrainerState}, the carried state, the optimizer's arrays and the metrics files so far.
 */
final class Checkpoints implements LoopListener {

    private final CheckpointStore store;
    private final String runId;
    private final int every;
    private final long maxSteps;
    private final Path outDir;
    private final Vocabulary vocabulary;
    private final ModelRecords records;
    private Path last;

    /**
     * Creates the checkpoint policy of a run.
     *
     * @param store the run's checkpoint folder
     * @param runId the run
     * @param every a checkpoint every this many windows, or 0 for epoch ends only
     * @param maxSteps the plan's step budget (0: none)
     * @param outDir the model folder, whose metrics files each checkpoint copies
     * @param vocabulary the vocabulary saved with the model
     * @param records the model records
     */
    Checkpoints(
            CheckpointStore store,
            String runId,
            int every,
            long maxSteps,
            Path outDir,
            Vocabulary vocabulary,
            ModelRecords records) {
        this.store = store;
        this.runId = runId;
        this.every = every;
        this.maxSteps = maxSteps;
        this.outDir = outDir;
        this.vocabulary = vocabulary;
        this.records = records;
    }

    @Override
    public void onBatchEnd(TrainingRun run) {
        Progress p = run.progress();
        // within the epoch only: its end (or the step budget's) has a checkpoint of its own, after
        // validation
        boolean lastWindow = p.window == run.windows() || p.budgetReached(maxSteps);
        if (every > 0 && p.totalSteps % every == 0 && !lastWindow) {
            write(run, false, null);
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochReport report) {
        write(run, true, run.progress().lastValidPpl);
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
    }
}

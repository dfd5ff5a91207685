package io.longshort.core.train;

/**
 * What the training loop tells its collaborators, at the moments DJL's {@code TrainingListener}
 * names: the loop itself only trains, and seeding, timing, reports and checkpoints happen here.
 * The loop calls its listeners in turn, as DJL's {@code Trainer.notifyListeners} does; every
 * method does nothing by default.
 */
interface LoopListener {

    /**
     * Called before a window is trained.
     *
     * @param run the run, positioned at the window
     */
    default void onBatchBegin(TrainingRun run) {}

    /**
     * Called after a window is trained and counted.
     *
     * @param run the run, positioned after the window
     */
    default void onBatchEnd(TrainingRun run) {}

    /**
     * Called after an epoch's validation, once the run has moved to the start of the next epoch
     * (zero carried state, fresh sums).
     *
     * @param run the run
     * @param report the finished epoch
     */
    default void onEpochEnd(TrainingRun run, EpochReport report) {}
}

package io.longshort.core.train;

/** Measures the training time of each window into the run's sums (words per second). */
final class StepTiming implements LoopListener {

    private long start;

    @Override
    public void onBatchBegin(TrainingRun run) {
        start = System.nanoTime();
    }

    @Override
    public void onBatchEnd(TrainingRun run) {
        run.progress().addTime(System.nanoTime() - start);
    }
}

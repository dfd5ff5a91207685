package io.longshort.core.train;

/**
 * Turns the run's sums into reports for a {@link TrainingListener} (a {@link StepReport} after
 * every window, again every logging period, an {@link EpochReport} after every epoch) and keeps
 * the run's metrics up to date for the model record.
 */
final class ProgressReports implements LoopListener {

    private final TrainingListener events;
    private final int batch;
    private final int steps;

    ProgressReports(TrainingListener events, int batch, int steps) {
        this.events = events;
        this.batch = batch;
        this.steps = steps;
    }

    @Override
    public void onBatchEnd(TrainingRun run) {
        Progress p = run.progress();
        double words = (double) p.epochWindows * batch * steps;
        double sampledWords = (double) sampledWindows(p.epochWindows, run.logEvery()) * batch * steps;
        StepReport report = new StepReport(
                p.epoch,
                p.window - 1,
                run.windows(),
                p.totalSteps,
                Math.exp(p.epochCost / ((double) p.epochWindows * steps)),
                p.epochCorrect / sampledWords,
                words / (p.epochNanos / 1e9),
                p.learningRate);
        events.onStep(report);
        if (p.epochWindows % run.logEvery() == 0) {
            events.onLog(report);
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochReport report) {
        events.onEpoch(report);
        Progress p = run.progress();
        p.metrics.put("train_perplexity", p.lastTrainPpl);
        p.metrics.put("valid_perplexity", p.lastValidPpl);
        p.metrics.put("train_words_per_second", p.trainWords / (p.trainNanos / 1e9));
    }

    /**
     * Returns whether the training accuracy is measured on a window: the first window of each
     * logging period (windows 0, {@code logEvery}, {@code 2 logEvery}, ... of the epoch).
     */
    static boolean accuracySampled(int epochWindow, int logEvery) {
        return epochWindow % logEvery == 0;
    }

    /**
     * Returns how many of an epoch's first {@code epochWindows} windows had their accuracy
     * measured ({@link #accuracySampled}): the denominator of the running accuracy.
     */
    static int sampledWindows(int epochWindows, int logEvery) {
        return (epochWindows + logEvery - 1) / logEvery;
    }
}

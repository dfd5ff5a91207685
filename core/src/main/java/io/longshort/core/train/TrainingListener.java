package io.longshort.core.train;

import io.longshort.core.eval.Evaluation;
import java.nio.file.Path;

/** Receives progress from {@link LanguageModelTrainer}; every method does nothing by default. */
public interface TrainingListener {

    /**
     * Called when a run asked to resume ({@link LanguageModelTrainer#optResume}) starts, before
     * its first window.
     *
     * @param from where it starts
     * @param checkpoint the checkpoint it continues from, or {@code null} if there was none and it
     *     starts from the beginning
     */
    default void onResume(TrainingPosition from, Path checkpoint) {}

    /**
     * Called after every training window, for progress displays.
     *
     * @param report the epoch so far
     */
    default void onStep(StepReport report) {}

    /**
     * Called every logging interval.
     *
     * @param report the report
     */
    default void onLog(StepReport report) {}

    /**
     * Called after each epoch's validation.
     *
     * @param report the report
     */
    default void onEpoch(EpochReport report) {}

    /**
     * Called while a split is evaluated.
     *
     * @param split the split name
     * @param done the windows done
     * @param total the windows in all
     * @param perplexity the perplexity so far
     */
    default void onEvaluationProgress(String split, int done, int total, double perplexity) {}

    /**
     * Called when the test split has been evaluated.
     *
     * @param test the evaluation
     */
    default void onTest(Evaluation test) {}

    /**
     * Returns a listener that passes every call to each of the given ones, in order.
     *
     * @param listeners the listeners
     * @return the combined listener
     */
    static TrainingListener all(TrainingListener... listeners) {
        TrainingListener[] copy = listeners.clone();
        return new TrainingListener() {
            @Override
            public void onResume(TrainingPosition from, Path checkpoint) {
                for (TrainingListener l : copy) {
                    l.onResume(from, checkpoint);
                }
            }

            @Override
            public void onStep(StepReport report) {
                for (TrainingListener l : copy) {
                    l.onStep(report);
                }
            }

            @Override
            public void onLog(StepReport report) {
                for (TrainingListener l : copy) {
                    l.onLog(report);
                }
            }

            @Override
            public void onEpoch(EpochReport report) {
                for (TrainingListener l : copy) {
                    l.onEpoch(report);
                }
            }

            @Override
            public void onEvaluationProgress(String split, int done, int total, double perplexity) {
                for (TrainingListener l : copy) {
                    l.onEvaluationProgress(split, done, total, perplexity);
                }
            }

            @Override
            public void onTest(Evaluation test) {
                for (TrainingListener l : copy) {
                    l.onTest(test);
                }
            }
        };
    }
}

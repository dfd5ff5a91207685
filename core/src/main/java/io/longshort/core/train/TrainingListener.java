package io.longshort.core.train;

import io.longshort.core.eval.Evaluation;

/** Receives progress from {@link LanguageModelTrainer}; every method does nothing by default. */
public interface TrainingListener {

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
}

package io.longshort.core.train;

import io.longshort.core.eval.Evaluation;
import java.nio.file.Path;

/**
 * The outcome of a training run.
 *
 * @param engine the engine name
 * @param epochs the epochs trained (a partial last epoch counts as one)
 * @param steps the windows trained
 * @param trainPerplexity the training perplexity of the last epoch
 * @param validPerplexity the validation perplexity after the last epoch
 * @param test the test evaluation
 * @param trainWordsPerSecond training speed over all training windows (evaluation excluded)
 * @param modelDir the folder the model was saved to
 */
public record TrainingResult(
        String engine,
        int epochs,
        long steps,
        double trainPerplexity,
        double validPerplexity,
        Evaluation test,
        double trainWordsPerSecond,
        Path modelDir) {}

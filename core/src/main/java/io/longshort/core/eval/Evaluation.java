package io.longshort.core.eval;

import java.util.List;

/**
 * The result of running a model over a split without training.
 *
 * @param perplexity {@code exp(total cost / total steps)}
 * @param accuracy the fraction of positions whose arg-max prediction is the true next word
 * @param words the number of predicted positions
 * @param seconds the wall time
 * @param sampleTrue the true words of one window (batch row 0)
 * @param samplePredicted the predicted words of the same window
 */
public record Evaluation(
        double perplexity,
        double accuracy,
        long words,
        double seconds,
        List<String> sampleTrue,
        List<String> samplePredicted) {

    /**
     * Returns the words per second of the evaluation.
     *
     * @return words per second
     */
    public double wordsPerSecond() {
        return seconds > 0 ? words / seconds : 0;
    }
}

package io.longshort.core.inference;

import java.util.List;

/**
 * The score of a text: how probable the model finds it, word by word. The first word is
 * conditioned on the start of a text (the model has just read {@code <eos>}); each later word on
 * every word before it.
 *
 * @param words the scored words, in order
 * @param logProbability the total natural-log probability, the sum over the words
 * @param perplexity {@code exp(-logProbability / words)}, or {@code NaN} for an empty text
 */
public record Score(List<WordScore> words, double logProbability, double perplexity) {

    /** Copies the word list. */
    public Score {
        words = List.copyOf(words);
    }

    /**
     * Returns the per-word log-probabilities, in order.
     *
     * @return one value per word
     */
    public double[] logProbabilities() {
        double[] out = new double[words.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = words.get(i).logProbability();
        }
        return out;
    }
}

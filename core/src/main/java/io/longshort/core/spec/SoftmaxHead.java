package io.longshort.core.spec;

import io.longshort.core.LongshortException;

/**
 * The softmax head of a language model: how the last LSTM layer's output {@code h} (size {@code
 * H}) becomes logits over the {@code V} words.
 *
 * <ul>
 *   <li>full (the recipe): {@code logits = W h + b} with its own {@code W [V, H]} and bias {@code
 *       b [V]};
 *   <li>tied (Press &amp; Wolf 2017): {@code W} is the embedding matrix {@code [V, E]}, so the head
 *       adds only the bias; this needs {@code H = E}, or a projection;
 *   <li>with a projection: a linear map {@code P [E, H]} without bias first, {@code logits = W (P
 *       h) + b}, where {@code W} is the embedding (tied) or a matrix {@code [V, E]} of its own.
 * </ul>
 *
 * <p>The temperature only matters when sampling: a generator divides the logits by it (below 1:
 * more conservative, above 1: more varied). Training and perplexities ignore it.
 *
 * @param tied whether the output weights are the embedding matrix
 * @param projection whether a projection {@code H -> E} comes before the output weights
 * @param temperature the sampling temperature, a finite number above 0 (1: the model's own
 *     distribution)
 */
public record SoftmaxHead(boolean tied, boolean projection, float temperature) {

    /** Validates the temperature. */
    public SoftmaxHead {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new LongshortException(
                    "temperature is " + temperature + ": it must be a finite number above 0 (1: no change).");
        }
    }

    /**
     * Returns the recipe's head: its own weights and bias, no projection, temperature 1.
     *
     * @return the full softmax head
     */
    public static SoftmaxHead full() {
        return new SoftmaxHead(false, false, 1f);
    }

    /**
     * Returns a head tied to the embedding without projection (needs {@code H = E}), temperature
     * 1.
     *
     * @return the tied head
     */
    public static SoftmaxHead tiedToEmbedding() {
        return new SoftmaxHead(true, false, 1f);
    }

    /**
     * Returns a head tied to the embedding through a projection {@code H -> E}, temperature 1.
     *
     * @return the tied head with a projection
     */
    public static SoftmaxHead tiedWithProjection() {
        return new SoftmaxHead(true, true, 1f);
    }

    /**
     * Returns a copy with another sampling temperature.
     *
     * @param t the temperature
     * @return the copy
     */
    public SoftmaxHead withTemperature(float t) {
        return new SoftmaxHead(tied, projection, t);
    }

    /**
     * Returns the size of the vectors the output weights see: {@code E} with a projection, else
     * the last layer's {@code H}.
     *
     * @param embeddingSize {@code E}
     * @param lastHiddenSize the last layer's {@code H}
     * @return the input size of the output weights
     */
    public int inputSize(int embeddingSize, int lastHiddenSize) {
        return projection ? embeddingSize : lastHiddenSize;
    }
}

package io.longshort.core.spec;

import com.google.gson.annotations.JsonAdapter;
import io.longshort.core.LongshortException;
import io.longshort.core.data.Corpus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The architecture of a word-level LSTM language model: embedding {@code V x E}, dropout, LSTM
 * layers of {@code hiddenSizes} units (the recipe: two layers of equal size) with dropout between
 * them, dropout on the last layer's output, and a {@link SoftmaxHead} (the recipe: {@code H x V}
 * with bias). Immutable; the constructor validates every field, with one-line messages of the
 * form "setting is value: it must be ...". {@code toString()} prints every hyperparameter; {@link
 * #summary()} prints the layers like Keras's {@code summary()}. Written to and read from JSON by
 * {@link SpecJson}.
 *
 * @param vocabularySize the number of words {@code V}, including {@code <eos>}
 * @param embeddingSize the embedding size {@code E}
 * @param hiddenSizes the units of each LSTM layer, first to last (at least one layer)
 * @param numSteps the number of unrolled steps per window {@code T}
 * @param batchSize the number of parallel streams {@code B}
 * @param inputDropout the drop probability on the embedding output, in {@code [0, 1)}
 * @param hiddenDropout the drop probability between LSTM layers (on each layer's output but the
 *     last), in {@code [0, 1)}
 * @param outputDropout the drop probability on the last layer's output, before the head, in
 *     {@code [0, 1)}
 * @param initScale weights start uniform in {@code [-initScale, initScale]}
 * @param forgetBias added to the forget-gate bias at initialisation (1 in the recipe)
 * @param softmax the softmax head
 */
@JsonAdapter(SpecJson.ModelSpecAdapter.class)
public record ModelSpec(
        int vocabularySize,
        int embeddingSize,
        List<Integer> hiddenSizes,
        int numSteps,
        int batchSize,
        float inputDropout,
        float hiddenDropout,
        float outputDropout,
        float initScale,
        float forgetBias,
        SoftmaxHead softmax) {

    /** Validates every field. */
    public ModelSpec {
        positive("vocabularySize", vocabularySize);
        positive("embeddingSize", embeddingSize);
        if (hiddenSizes == null || hiddenSizes.isEmpty()) {
            throw new LongshortException(
                    "hiddenSizes is " + hiddenSizes + ": it must hold the size of each LSTM layer, at" + " least one.");
        }
        for (int l = 0; l < hiddenSizes.size(); l++) {
            Integer h = hiddenSizes.get(l);
            if (h == null || h <= 0) {
                throw new LongshortException("hiddenSizes[" + l + "] is " + h + ": it must be at least 1.");
            }
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        positive("numSteps", numSteps);
        positive("batchSize", batchSize);
        dropoutRate("inputDropout", inputDropout);
        dropoutRate("hiddenDropout", hiddenDropout);
        dropoutRate("outputDropout", outputDropout);
        if (!(initScale > 0) || Float.isInfinite(initScale)) {
            throw new LongshortException("initScale is " + initScale + ": it must be a finite number above 0.");
        }
        if (!Float.isFinite(forgetBias)) {
            throw new LongshortException("forgetBias is " + forgetBias + ": it must be a finite number.");
        }
        if (softmax == null) {
            throw new LongshortException("softmax is missing: it must be a SoftmaxHead, such as SoftmaxHead.full().");
        }
        int last = hiddenSizes.get(hiddenSizes.size() - 1);
        if (softmax.tied() && !softmax.projection() && last != embeddingSize) {
            throw new LongshortException("softmax.projection is false with weights tied to the embedding, hiddenSize "
                    + last + " and embeddingSize " + embeddingSize
                    + ": it must be true unless the last layer's size equals the embedding size.");
        }
    }

    /**
     * Creates the recipe's spec: {@code numLayers} layers of {@code hiddenSize} units, one dropout
     * rate everywhere (the recipe's {@code 1 - keep_prob}) and the full softmax head.
     *
     * @param vocabularySize {@code V}
     * @param embeddingSize {@code E}
     * @param hiddenSize {@code H}, the units of every layer
     * @param numLayers {@code L}
     * @param numSteps {@code T}
     * @param batchSize {@code B}
     * @param dropout the drop probability on the embedding output and on each layer's output
     * @param initScale the range of the uniform initialisation
     * @param forgetBias the forget-gate bias
     */
    public ModelSpec(
            int vocabularySize,
            int embeddingSize,
            int hiddenSize,
            int numLayers,
            int numSteps,
            int batchSize,
            float dropout,
            float initScale,
            float forgetBias) {
        this(
                vocabularySize,
                embeddingSize,
                uniformLayers(hiddenSize, numLayers),
                numSteps,
                batchSize,
                dropoutRate("dropout", dropout),
                dropout,
                dropout,
                initScale,
                forgetBias,
                SoftmaxHead.full());
    }

    /**
     * Returns {@code numLayers} copies of {@code hiddenSize}, after checking both.
     *
     * @param hiddenSize the units of each layer
     * @param numLayers the number of layers
     * @return the list of sizes
     */
    public static List<Integer> uniformLayers(int hiddenSize, int numLayers) {
        positive("hiddenSize", hiddenSize);
        positive("numLayers", numLayers);
        return Collections.nCopies(numLayers, hiddenSize);
    }

    /**
     * Returns the number of LSTM layers {@code L}.
     *
     * @return the number of layers
     */
    public int numLayers() {
        return hiddenSizes.size();
    }

    /**
     * Returns the units of the last LSTM layer, the one the head reads (the units of every layer
     * when they are all equal, as in the recipe).
     *
     * @return the last layer's size
     */
    public int hiddenSize() {
        return hiddenSizes.get(hiddenSizes.size() - 1);
    }

    /**
     * Returns the units of one layer.
     *
     * @param layer the layer, from 0
     * @return its size
     */
    public int hiddenSize(int layer) {
        return hiddenSizes.get(layer);
    }

    /**
     * Returns whether all layers have the same size (then the engine's fused multi-layer kernel
     * runs them).
     *
     * @return whether the layers are uniform
     */
    public boolean uniformLayers() {
        int first = hiddenSizes.get(0);
        for (int h : hiddenSizes) {
            if (h != first) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the recipe's single drop probability, when the input, between-layer and output
     * dropouts are equal.
     *
     * @return the common drop probability
     * @throws IllegalStateException if the three rates differ: read them one by one
     */
    public float dropout() {
        if (inputDropout != hiddenDropout || hiddenDropout != outputDropout) {
            throw new IllegalStateException("the dropouts differ (input " + inputDropout + ", hidden " + hiddenDropout
                    + ", output " + outputDropout + "): read them one by one");
        }
        return inputDropout;
    }

    /**
     * Returns a copy with another vocabulary size (the data decides it).
     *
     * @param size the vocabulary size
     * @return the copy
     */
    public ModelSpec withVocabularySize(int size) {
        return new ModelSpec(
                size,
                embeddingSize,
                hiddenSizes,
                numSteps,
                batchSize,
                inputDropout,
                hiddenDropout,
                outputDropout,
                initScale,
                forgetBias,
                softmax);
    }

    /**
     * Returns a copy with another batch size.
     *
     * @param size the batch size
     * @return the copy
     */
    public ModelSpec withBatchSize(int size) {
        return new ModelSpec(
                vocabularySize,
                embeddingSize,
                hiddenSizes,
                numSteps,
                size,
                inputDropout,
                hiddenDropout,
                outputDropout,
                initScale,
                forgetBias,
                softmax);
    }

    /**
     * Returns a copy with another softmax head.
     *
     * @param head the head
     * @return the copy
     */
    public ModelSpec withSoftmax(SoftmaxHead head) {
        return new ModelSpec(
                vocabularySize,
                embeddingSize,
                hiddenSizes,
                numSteps,
                batchSize,
                inputDropout,
                hiddenDropout,
                outputDropout,
                initScale,
                forgetBias,
                head);
    }

    /**
     * Returns the number of parameters of one LSTM layer: {@code 4H (in + H) + 8H}.
     *
     * @param layer the layer, from 0
     * @return its parameter count
     */
    public long lstmParameterCount(int layer) {
        long in = layer == 0 ? embeddingSize : hiddenSizes.get(layer - 1);
        long h = hiddenSizes.get(layer);
        return 4 * h * (in + h) + 8 * h;
    }

    /**
     * Returns the number of parameters of the head: projection {@code E x H} if any, output
     * weights {@code V x H} (or {@code V x E} after a projection) unless tied, and the bias {@code
     * V}.
     *
     * @return the head's parameter count
     */
    public long headParameterCount() {
        long v = vocabularySize;
        long count = v;
        if (softmax.projection()) {
            count += (long) embeddingSize * hiddenSize();
        }
        if (!softmax.tied()) {
            count += v * softmax.inputSize(embeddingSize, hiddenSize());
        }
        return count;
    }

    /**
     * Returns the number of trainable parameters.
     *
     * @return the parameter count
     */
    public long parameterCount() {
        long lstm = 0;
        for (int l = 0; l < numLayers(); l++) {
            lstm += lstmParameterCount(l);
        }
        return (long) vocabularySize * embeddingSize + lstm + headParameterCount();
    }

    /**
     * Returns the largest number of steps that a corpus allows with this spec's batch size: every
     * training and validation window is {@code [B, T]} and the test runs with batch 1, so {@code
     * T} may be at most {@code len / B - 1} words of train and valid and {@code len - 1} of test.
     *
     * @param corpus the corpus
     * @return the largest {@code numSteps} (0 or less if none fits)
     */
    public int maxStepsFor(Corpus corpus) {
        long train = corpus.train().length / batchSize - 1L;
        long valid = corpus.valid().length / batchSize - 1L;
        long test = corpus.test().length - 1L;
        return (int) Math.min(train, Math.min(valid, test));
    }

    /**
     * Checks that a corpus has enough words for at least one window of this spec's batch and
     * steps in each split.
     *
     * @param corpus the corpus
     * @throws LongshortException naming the steps, the limit and the split that sets it
     */
    public void checkFits(Corpus corpus) {
        int max = maxStepsFor(corpus);
        if (numSteps > max) {
            List<String> why = new ArrayList<>();
            why.add("train has " + corpus.train().length);
            why.add("valid " + corpus.valid().length);
            why.add("test " + corpus.test().length + " words");
            throw new LongshortException("numSteps is " + numSteps + ": it must be at most " + Math.max(max, 0)
                    + " for this data with batchSize " + batchSize + " ("
                    + String.join(", ", why) + "); lower numSteps or batchSize, or give more data.");
        }
    }

    /**
     * Returns a table of the layers with their output shapes and parameter counts, and the total,
     * like Keras's {@code summary()}; shapes are batch-major.
     *
     * @return the summary, several lines
     */
    public String summary() {
        return Summary.of(this, null);
    }

    static void positive(String name, long value) {
        if (value <= 0) {
            throw new LongshortException(name + " is " + value + ": it must be at least 1.");
        }
    }

    static float dropoutRate(String name, float rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new LongshortException(name + " is " + rate + ": it must be in [0, 1) (1 - keep probability).");
        }
        return rate;
    }
}

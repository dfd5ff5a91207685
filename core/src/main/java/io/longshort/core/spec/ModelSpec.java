package io.longshort.core.spec;

import io.longshort.core.LongshortException;

/**
 * The architecture of a word-level LSTM language model, as in the recipe's table: embedding
 * {@code V x E}, dropout, {@code numLayers} LSTM layers of {@code hiddenSize} units, and a softmax
 * head {@code H x V} with bias. Immutable; the constructor validates every field.
 *
 * @param vocabularySize the number of words {@code V}, including {@code <eos>}
 * @param embeddingSize the embedding size {@code E}
 * @param hiddenSize the units per LSTM layer {@code H}
 * @param numLayers the number of stacked LSTM layers {@code L}
 * @param numSteps the number of unrolled steps per window {@code T}
 * @param batchSize the number of parallel streams {@code B}
 * @param dropout the drop probability on the embedding output and on each layer's output (1 -
 *     keep_prob), in {@code [0, 1)}
 * @param initScale weights start uniform in {@code [-initScale, initScale]}
 * @param forgetBias added to the forget-gate bias at initialisation (1 in the recipe)
 */
public record ModelSpec(
        int vocabularySize,
        int embeddingSize,
        int hiddenSize,
        int numLayers,
        int numSteps,
        int batchSize,
        float dropout,
        float initScale,
        float forgetBias) {

    /** Validates every field. */
    public ModelSpec {
        positive("vocabularySize", vocabularySize);
        positive("embeddingSize", embeddingSize);
        positive("hiddenSize", hiddenSize);
        positive("numLayers", numLayers);
        positive("numSteps", numSteps);
        positive("batchSize", batchSize);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new LongshortException(
                    "dropout is " + dropout + ": it must be in [0, 1) (1 - keep probability).");
        }
        if (!(initScale > 0) || Float.isInfinite(initScale)) {
            throw new LongshortException(
                    "initScale is " + initScale + ": it must be a finite number above 0.");
        }
        if (!Float.isFinite(forgetBias)) {
            throw new LongshortException(
                    "forgetBias is " + forgetBias + ": it must be a finite number.");
        }
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
                hiddenSize,
                numLayers,
                numSteps,
                batchSize,
                dropout,
                initScale,
                forgetBias);
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
                hiddenSize,
                numLayers,
                numSteps,
                size,
                dropout,
                initScale,
                forgetBias);
    }

    /**
     * Returns the number of trainable parameters.
     *
     * @return the parameter count
     */
    public long parameterCount() {
        long v = vocabularySize;
        long e = embeddingSize;
        long h = hiddenSize;
        long lstm = 0;
        for (int i = 0; i < numLayers; i++) {
            long in = i == 0 ? e : h;
            lstm += 4 * h * (in + h) + 8 * h;
        }
        return v * e + lstm + h * v + v;
    }

    static void positive(String name, long value) {
        if (value <= 0) {
            throw new LongshortException(name + " is " + value + ": it must be at least 1.");
        }
    }
}

package io.longshort.dsl;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.ModelSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link ModelSpec}: embedding {@code V x E} -> dropout -> {@code L} LSTM layers of
 * {@code H} units -> softmax head {@code H x V}. Obtain one from {@link LanguageModels#model()} or
 * {@link LanguageModels#fromPreset(String)}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setter</th><th>field</th><th>default</th></tr>
 *   <tr><td>{@link #setVocabularySize}</td><td>V</td><td>required</td></tr>
 *   <tr><td>{@link #setEmbeddingSize}</td><td>E</td><td>required</td></tr>
 *   <tr><td>{@link #setHiddenSize}</td><td>H</td><td>required</td></tr>
 *   <tr><td>{@link #optNumLayers}</td><td>L</td><td>2</td></tr>
 *   <tr><td>{@link #optNumSteps}</td><td>T</td><td>35</td></tr>
 *   <tr><td>{@link #optBatchSize}</td><td>B</td><td>20</td></tr>
 *   <tr><td>{@link #optDropout} / {@link #optKeepProbability}</td><td>drop rate</td><td>0</td></tr>
 *   <tr><td>{@link #optInitScale}</td><td>uniform init range</td><td>0.05</td></tr>
 *   <tr><td>{@link #optForgetBias}</td><td>forget-gate bias</td><td>1</td></tr>
 * </table>
 *
 * <p>Setters only record values; {@link #build()} validates them all (through {@link ModelSpec}'s
 * constructor). A builder is mutable and not thread-safe; it can build many specs.
 */
public final class ModelSpecBuilder {

    private Integer vocabularySize;
    private Integer embeddingSize;
    private Integer hiddenSize;
    private int numLayers = 2;
    private int numSteps = 35;
    private int batchSize = 20;
    private float dropout;
    private float initScale = 0.05f;
    private float forgetBias = 1f;

    ModelSpecBuilder() {}

    /**
     * Copies every setting of an existing spec, required ones included.
     *
     * @param spec the spec to start from
     * @return this builder
     */
    public ModelSpecBuilder from(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        vocabularySize = spec.vocabularySize();
        embeddingSize = spec.embeddingSize();
        hiddenSize = spec.hiddenSize();
        numLayers = spec.numLayers();
        numSteps = spec.numSteps();
        batchSize = spec.batchSize();
        dropout = spec.dropout();
        initScale = spec.initScale();
        forgetBias = spec.forgetBias();
        return this;
    }

    /**
     * Sets the number of words {@code V}, {@code <eos>} included (required). Training replaces it
     * with the size of the data's vocabulary.
     *
     * @param size the vocabulary size
     * @return this builder
     */
    public ModelSpecBuilder setVocabularySize(int size) {
        vocabularySize = size;
        return this;
    }

    /**
     * Sets the embedding size {@code E} (required).
     *
     * @param size the embedding size
     * @return this builder
     */
    public ModelSpecBuilder setEmbeddingSize(int size) {
        embeddingSize = size;
        return this;
    }

    /**
     * Sets the number of units {@code H} of each LSTM layer (required).
     *
     * @param size the hidden size
     * @return this builder
     */
    public ModelSpecBuilder setHiddenSize(int size) {
        hiddenSize = size;
        return this;
    }

    /**
     * Sets the number of stacked LSTM layers {@code L} (default 2).
     *
     * @param layers the number of layers
     * @return this builder
     */
    public ModelSpecBuilder optNumLayers(int layers) {
        numLayers = layers;
        return this;
    }

    /**
     * Sets the number of unrolled steps per window {@code T} (default 35).
     *
     * @param steps the window length
     * @return this builder
     */
    public ModelSpecBuilder optNumSteps(int steps) {
        numSteps = steps;
        return this;
    }

    /**
     * Sets the number of parallel streams {@code B} (default 20).
     *
     * @param size the batch size
     * @return this builder
     */
    public ModelSpecBuilder optBatchSize(int size) {
        batchSize = size;
        return this;
    }

    /**
     * Sets the drop probability on the embedding output and on each layer's output, in {@code [0,
     * 1)} (default 0: no dropout). The paper states keep probabilities instead: see {@link
     * #optKeepProbability}.
     *
     * @param rate the drop probability
     * @return this builder
     */
    public ModelSpecBuilder optDropout(float rate) {
        dropout = rate;
        return this;
    }

    /**
     * Sets the dropout through the keep probability of the paper and the tutorial ({@code
     * keep_prob}): the drop probability becomes {@code 1 - keep}, in decimal, so that {@code
     * optKeepProbability(0.35f)} gives exactly {@code optDropout(0.65f)}. A keep probability of 1
     * means no dropout; it must be in {@code (0, 1]}.
     *
     * @param keep the probability of keeping a unit
     * @return this builder
     */
    public ModelSpecBuilder optKeepProbability(float keep) {
        if (Float.isFinite(keep)) {
            dropout = BigDecimal.ONE.subtract(new BigDecimal(Float.toString(keep))).floatValue();
        } else {
            dropout = Float.NaN; // refused by build(), with core's message
        }
        return this;
    }

    /**
     * Sets the range of the uniform initialisation {@code [-scale, scale]} of every weight
     * (default 0.05).
     *
     * @param scale the range, above 0
     * @return this builder
     */
    public ModelSpecBuilder optInitScale(float scale) {
        initScale = scale;
        return this;
    }

    /**
     * Sets the value added to the forget-gate bias at initialisation (default 1, as in the
     * recipe).
     *
     * @param bias the forget bias
     * @return this builder
     */
    public ModelSpecBuilder optForgetBias(float bias) {
        forgetBias = bias;
        return this;
    }

    /**
     * Validates the settings and returns the spec.
     *
     * @return the model spec
     * @throws LongshortException naming the setters to call if a required setting is missing, or
     *     with core's message if a value is out of range
     */
    public ModelSpec build() {
        List<String> setters = new ArrayList<>();
        List<String> what = new ArrayList<>();
        if (vocabularySize == null) {
            setters.add("setVocabularySize(int)");
            what.add("the vocabulary size");
        }
        if (embeddingSize == null) {
            setters.add("setEmbeddingSize(int)");
            what.add("the embedding size");
        }
        if (hiddenSize == null) {
            setters.add("setHiddenSize(int)");
            what.add("the hidden size");
        }
        if (!setters.isEmpty()) {
            throw new LongshortException(
                    "Call "
                            + join(setters)
                            + ": "
                            + join(what)
                            + (setters.size() == 1 ? " is" : " are")
                            + " required.");
        }
        return new ModelSpec(
                vocabularySize,
                embeddingSize,
                hiddenSize,
                numLayers,
                numSteps,
                batchSize,
                dropout,
                initScale,
                forgetBias);
    }

    /** Joins as English does: {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String join(List<String> items) {
        int n = items.size();
        if (n == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, n - 1)) + " and " + items.get(n - 1);
    }

    @Override
    public String toString() {
        return "ModelSpecBuilder{vocabularySize="
                + vocabularySize
                + ", embeddingSize="
                + embeddingSize
                + ", hiddenSize="
                + hiddenSize
                + ", numLayers="
                + numLayers
                + ", numSteps="
                + numSteps
                + ", batchSize="
                + batchSize
                + ", dropout="
                + dropout
                + ", initScale="
                + initScale
                + ", forgetBias="
                + forgetBias
                + '}';
    }
}

package io.longshort.dsl;

import io.longshort.core.LongshortException;
import io.longshort.core.data.Corpus;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.SoftmaxHead;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link ModelSpec}: embedding {@code V x E} -> dropout -> LSTM layers (the recipe: two
 * of {@code H} units) with dropout between them -> dropout -> softmax head ({@code H x V} with
 * bias, or tied to the embedding). Obtain one from {@link LanguageModels#model()}, {@link
 * LanguageModels#fromPreset(String)} or {@code Presets.medium().toBuilder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setter</th><th>field</th><th>default</th></tr>
 *   <tr><td>{@link #setVocabularySize} / {@link #setVocabulary(Corpus)}</td><td>V</td><td>required</td></tr>
 *   <tr><td>{@link #setEmbeddingSize}</td><td>E</td><td>required</td></tr>
 *   <tr><td>{@link #setHiddenSize} with {@link #optNumLayers}, or {@link #setHiddenSizes}</td>
 *       <td>units per layer</td><td>required; 2 layers</td></tr>
 *   <tr><td>{@link #optNumSteps}</td><td>T</td><td>35</td></tr>
 *   <tr><td>{@link #optBatchSize}</td><td>B</td><td>20</td></tr>
 *   <tr><td>{@link #optDropout} / {@link #optKeepProbability}</td><td>all three drop rates</td><td>0</td></tr>
 *   <tr><td>{@link #optInputDropout}, {@link #optHiddenDropout}, {@link #optOutputDropout}</td>
 *       <td>one drop rate each</td><td>0</td></tr>
 *   <tr><td>{@link #optInitScale}</td><td>uniform init range</td><td>0.05</td></tr>
 *   <tr><td>{@link #optForgetBias}</td><td>forget-gate bias</td><td>1</td></tr>
 *   <tr><td>{@link #optTiedWeights}, {@link #optProjection}, {@link #optTemperature} / {@link
 *       #optSoftmax}</td><td>softmax head</td><td>full softmax, temperature 1</td></tr>
 * </table>
 *
 * <p>Setters only record values; {@link #build()} validates them all, with one-line messages that
 * name the setting, the value and what is allowed. When the vocabulary comes from a corpus,
 * {@code build()} also checks that the corpus has enough words for the steps and batch. A
 * builder is mutable and not thread-safe; it can build many specs.
 */
public final class ModelSpecBuilder {

    private Integer vocabularySize;
    private Corpus corpus;
    private Integer embeddingSize;
    private Integer hiddenSize;
    private Integer numLayers;
    private List<Integer> hiddenSizes;
    private int numSteps = 35;
    private int batchSize = 20;
    private float inputDropout;
    private float hiddenDropout;
    private float outputDropout;
    private float initScale = 0.05f;
    private float forgetBias = 1f;
    private boolean tied;
    private boolean projection;
    private float temperature = 1f;

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
        corpus = null;
        embeddingSize = spec.embeddingSize();
        if (spec.uniformLayers()) {
            hiddenSize = spec.hiddenSize();
            numLayers = spec.numLayers();
            hiddenSizes = null;
        } else {
            hiddenSize = null;
            numLayers = null;
            hiddenSizes = spec.hiddenSizes();
        }
        numSteps = spec.numSteps();
        batchSize = spec.batchSize();
        inputDropout = spec.inputDropout();
        hiddenDropout = spec.hiddenDropout();
        outputDropout = spec.outputDropout();
        initScale = spec.initScale();
        forgetBias = spec.forgetBias();
        optSoftmax(spec.softmax());
        return this;
    }

    /**
     * Sets the number of words {@code V}, {@code <eos>} included (this or {@link
     * #setVocabulary(Corpus)} is required). Training replaces it with the size of the data's
     * vocabulary.
     *
     * @param size the vocabulary size
     * @return this builder
     */
    public ModelSpecBuilder setVocabularySize(int size) {
        vocabularySize = size;
        corpus = null;
        return this;
    }

    /**
     * Takes the vocabulary size from a corpus (this or {@link #setVocabularySize} is required);
     * {@link #build()} then also checks that the corpus has enough words for the steps and batch.
     *
     * @param data the corpus the model will train on
     * @return this builder
     */
    public ModelSpecBuilder setVocabulary(Corpus data) {
        Objects.requireNonNull(data, "corpus");
        vocabularySize = data.vocabulary().size();
        corpus = data;
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
     * Sets the number of units {@code H} of every LSTM layer (this or {@link #setHiddenSizes} is
     * required); the number of layers comes from {@link #optNumLayers} (default 2).
     *
     * @param size the hidden size
     * @return this builder
     */
    public ModelSpecBuilder setHiddenSize(int size) {
        hiddenSize = size;
        hiddenSizes = null;
        return this;
    }

    /**
     * Sets the units of each LSTM layer, first to last, for layers of different sizes (this or
     * {@link #setHiddenSize} is required); the number of sizes is the number of layers. It
     * replaces an earlier {@link #setHiddenSize} and {@link #optNumLayers}.
     *
     * @param sizes the units of each layer
     * @return this builder
     */
    public ModelSpecBuilder setHiddenSizes(int... sizes) {
        List<Integer> list = new ArrayList<>(sizes.length);
        for (int s : sizes) {
            list.add(s);
        }
        hiddenSizes = list;
        hiddenSize = null;
        numLayers = null;
        return this;
    }

    /**
     * Sets the number of stacked LSTM layers {@code L} of {@link #setHiddenSize} units (default
     * 2). With {@link #setHiddenSizes} it must equal the number of sizes given.
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
     * Sets one drop probability for the embedding output, between layers and on the last layer's
     * output, in {@code [0, 1)} (default 0: no dropout), as the recipe does. The paper states keep
     * probabilities instead: see {@link #optKeepProbability}.
     *
     * @param rate the drop probability
     * @return this builder
     */
    public ModelSpecBuilder optDropout(float rate) {
        inputDropout = rate;
        hiddenDropout = rate;
        outputDropout = rate;
        return this;
    }

    /**
     * Sets the dropout through the keep probability of the paper and the tutorial ({@code
     * keep_prob}): every drop probability becomes {@code 1 - keep}, in decimal, so that {@code
     * optKeepProbability(0.35f)} gives exactly {@code optDropout(0.65f)}. A keep probability of 1
     * means no dropout; it must be in {@code (0, 1]}.
     *
     * @param keep the probability of keeping a unit
     * @return this builder
     */
    public ModelSpecBuilder optKeepProbability(float keep) {
        if (Float.isFinite(keep)) {
            return optDropout(BigDecimal.ONE
                    .subtract(new BigDecimal(Float.toString(keep)))
                    .floatValue());
        }
        return optDropout(Float.NaN); // refused by build(), with core's message
    }

    /**
     * Sets the drop probability on the embedding output, in {@code [0, 1)}.
     *
     * @param rate the drop probability
     * @return this builder
     */
    public ModelSpecBuilder optInputDropout(float rate) {
        inputDropout = rate;
        return this;
    }

    /**
     * Sets the drop probability between LSTM layers (on each layer's output but the last), in
     * {@code [0, 1)}.
     *
     * @param rate the drop probability
     * @return this builder
     */
    public ModelSpecBuilder optHiddenDropout(float rate) {
        hiddenDropout = rate;
        return this;
    }

    /**
     * Sets the drop probability on the last layer's output, before the softmax head, in {@code
     * [0, 1)}.
     *
     * @param rate the drop probability
     * @return this builder
     */
    public ModelSpecBuilder optOutputDropout(float rate) {
        outputDropout = rate;
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
     * Ties the softmax weights to the embedding matrix (Press &amp; Wolf 2017; default false: the
     * recipe's own {@code H x V} weights). The head then adds only its bias, {@code V x E} fewer
     * parameters; the last layer's size must equal the embedding size unless {@link
     * #optProjection} is on.
     *
     * @param tie whether to tie
     * @return this builder
     */
    public ModelSpecBuilder optTiedWeights(boolean tie) {
        tied = tie;
        return this;
    }

    /**
     * Adds a linear projection {@code H -> E} (no bias) before the softmax weights (default
     * false); needed to tie weights when the last layer's size differs from the embedding size.
     *
     * @param project whether to project
     * @return this builder
     */
    public ModelSpecBuilder optProjection(boolean project) {
        projection = project;
        return this;
    }

    /**
     * Sets the sampling temperature recorded with the model (default 1): a generator divides the
     * logits by it. Training ignores it.
     *
     * @param t the temperature, a finite number above 0
     * @return this builder
     */
    public ModelSpecBuilder optTemperature(float t) {
        temperature = t;
        return this;
    }

    /**
     * Sets the whole softmax head at once (tied, projection and temperature).
     *
     * @param head the head
     * @return this builder
     */
    public ModelSpecBuilder optSoftmax(SoftmaxHead head) {
        Objects.requireNonNull(head, "head");
        tied = head.tied();
        projection = head.projection();
        temperature = head.temperature();
        return this;
    }

    /**
     * Validates the settings and returns the spec.
     *
     * @return the model spec
     * @throws LongshortException naming the setters to call if a required setting is missing, or
     *     naming the setting, its value and what is allowed if a value is impossible or
     *     contradicts another
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
        if (hiddenSize == null && hiddenSizes == null) {
            setters.add("setHiddenSize(int)");
            what.add("the hidden size");
        }
        if (!setters.isEmpty()) {
            throw new LongshortException("Call "
                    + join(setters)
                    + ": "
                    + join(what)
                    + (setters.size() == 1 ? " is" : " are")
                    + " required.");
        }
        List<Integer> sizes;
        if (hiddenSizes != null) {
            if (numLayers != null && numLayers != hiddenSizes.size()) {
                throw new LongshortException(
                        "numLayers is " + numLayers + " but setHiddenSizes gave " + hiddenSizes.size()
                                + " sizes " + hiddenSizes + ": it must equal the number of sizes; drop"
                                + " optNumLayers or give one size per layer.");
            }
            sizes = hiddenSizes;
        } else {
            sizes = ModelSpec.uniformLayers(hiddenSize, numLayers == null ? 2 : numLayers);
        }
        if (inputDropout == hiddenDropout && hiddenDropout == outputDropout
                || Float.isNaN(inputDropout) && Float.isNaN(hiddenDropout) && Float.isNaN(outputDropout)) {
            if (!(inputDropout >= 0 && inputDropout < 1)) {
                throw new LongshortException(
                        "dropout is " + inputDropout + ": it must be in [0, 1) (1 - keep probability).");
            }
        }
        ModelSpec spec = new ModelSpec(
                vocabularySize,
                embeddingSize,
                sizes,
                numSteps,
                batchSize,
                inputDropout,
                hiddenDropout,
                outputDropout,
                initScale,
                forgetBias,
                new SoftmaxHead(tied, projection, temperature));
        if (corpus != null) {
            spec.checkFits(corpus);
        }
        return spec;
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
        return "ModelSpecBuilder{vocabularySize=" + vocabularySize
                + (corpus != null ? " (from " + corpus.name() + ")" : "")
                + ", embeddingSize=" + embeddingSize
                + (hiddenSizes != null
                        ? ", hiddenSizes=" + hiddenSizes
                        : ", hiddenSize=" + hiddenSize + ", numLayers=" + (numLayers == null ? 2 : numLayers))
                + ", numSteps=" + numSteps
                + ", batchSize=" + batchSize
                + ", inputDropout=" + inputDropout
                + ", hiddenDropout=" + hiddenDropout
                + ", outputDropout=" + outputDropout
                + ", initScale=" + initScale
                + ", forgetBias=" + forgetBias
                + ", tied=" + tied
                + ", projection=" + projection
                + ", temperature=" + temperature
                + '}';
    }
}

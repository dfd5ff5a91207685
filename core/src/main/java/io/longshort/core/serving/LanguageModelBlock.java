package io.longshort.core.serving;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.longshort.core.inference.LanguageModel;

/**
 * A DJL block over a loaded {@link LanguageModel}, for DJL's {@code Predictor}; inference only.
 *
 * <p>Input: {@code NDList(ids)} or {@code NDList(ids, state...)}, where {@code ids} holds word
 * ids, {@code [1, n]} if the model is batch-major or {@code [n, 1]} if time-major (see {@link
 * LanguageModel#layout()}), and the state is what a previous call returned after the logits.
 * Output: {@code NDList(logits, state...)} with logits {@code [1, n, V]} (or {@code [n, 1, V]}).
 * The parameters belong to the language model, not to this block, and are not trained.
 */
public final class LanguageModelBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LanguageModel languageModel;

    /**
     * Wraps a language model.
     *
     * @param languageModel the model; the block does not close it
     */
    public LanguageModelBlock(LanguageModel languageModel) {
        super(VERSION);
        this.languageModel = languageModel;
    }

    /**
     * Returns the language model.
     *
     * @return the model
     */
    public LanguageModel languageModel() {
        return languageModel;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList state = inputs.size() > 1 ? new NDList(inputs.subList(1, inputs.size())) : null;
        return languageModel.forward(inputs.head(), state);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {
            new Shape(x.get(0), x.get(1), languageModel.vocabulary().size())
        };
    }

    @Override
    public String toString() {
        return "LanguageModelBlock{" + languageModel + '}';
    }
}

package io.longshort.core.serving;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.longshort.core.inference.LanguageModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a context into the distribution of the next word: the input is text (split and started
 * as {@link LanguageModel} does), the output holds every vocabulary word with its probability,
 * the {@code topK} most likely first in {@link Classifications#topK()}. Needs the model's block
 * to be a {@link LanguageModelBlock}.
 */
public final class NextWordTranslator implements NoBatchifyTranslator<String, Classifications> {

    private final int topK;

    /**
     * Creates the translator.
     *
     * @param topK how many words {@link Classifications#topK()} and {@code toString} show
     */
    public NextWordTranslator(int topK) {
        this.topK = topK;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, String context) throws TranslateException {
        LanguageModel lm = languageModel(ctx);
        int[] ids = lm.contextIds(context);
        NDArray x = ctx.getNDManager().create(ids, lm.layout().shape(1, ids.length));
        return new NDList(x);
    }

    /** {@inheritDoc} */
    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        LanguageModel lm = languageModel(ctx);
        int v = lm.vocabulary().size();
        NDArray logits = list.head();
        long n = logits.size() / v;
        double[] logp = logits.reshape(n, v)
                .get(n - 1)
                .toType(DataType.FLOAT64, false)
                .logSoftmax(0)
                .toDoubleArray();
        List<Double> probabilities = new ArrayList<>(v);
        for (double x : logp) {
            probabilities.add(Math.exp(x));
        }
        Classifications out = new Classifications(lm.vocabulary().words(), probabilities);
        out.setTopK(topK);
        return out;
    }

    static LanguageModel languageModel(TranslatorContext ctx) throws TranslateException {
        if (!(ctx.getBlock() instanceof LanguageModelBlock)) {
            throw new TranslateException("The model's block is " + ctx.getBlock()
                    + ", not a longshort LanguageModelBlock: load the model folder with its "
                    + ServingProperties.FILE + " (or Criteria.optBlock(new LanguageModelBlock(lm))).");
        }
        return ((LanguageModelBlock) ctx.getBlock()).languageModel();
    }
}

package io.longshort.core.serving;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.longshort.core.engine.CudaProbeLogging;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Makes the next-word translators of a longshort model folder: {@code String ->
 * Classifications} ({@link NextWordTranslator}) and {@code Input -> Output} ({@link
 * NextWordServingTranslator}, for DJL Serving). The argument {@code topK} (from {@code
 * serving.properties} or {@code Criteria.optArgument}) sets how many words are shown, 5 by
 * default. Named in every model folder's {@value ServingProperties#FILE}.
 */
public final class LanguageModelTranslatorFactory implements TranslatorFactory {

    /** The default number of words shown. */
    public static final int DEFAULT_TOP_K = 5;

    private static final Set<Pair<Type, Type>> TYPES =
            Set.of(new Pair<>(String.class, Classifications.class), new Pair<>(Input.class, Output.class));

    /**
     * Creates the factory (DJL instantiates it by class name). A {@code Criteria} given this
     * factory loads the engine through DJL, so DJL's CUDA probe is quieted here first.
     */
    public LanguageModelTranslatorFactory() {
        CudaProbeLogging.quiet();
    }

    /** {@inheritDoc} */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return TYPES;
    }

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (!(model.getBlock() instanceof LanguageModelBlock)) {
            throw new TranslateException("The model's block is " + model.getBlock()
                    + ", not a longshort LanguageModelBlock: load the model folder with its "
                    + ServingProperties.FILE + ", which names " + LanguageModelBlockFactory.class.getName() + ".");
        }
        Object k = arguments == null ? null : arguments.get("topK");
        int topK = k == null ? DEFAULT_TOP_K : Integer.parseInt(k.toString());
        if (input == String.class && output == Classifications.class) {
            return (Translator<I, O>) new NextWordTranslator(topK);
        }
        if (input == Input.class && output == Output.class) {
            return (Translator<I, O>) new NextWordServingTranslator(topK);
        }
        throw new IllegalArgumentException("Unsupported input/output types: " + input + ", " + output
                + "; use String/Classifications or Input/Output.");
    }
}

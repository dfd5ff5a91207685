package io.longshort.core.serving;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.longshort.core.LongshortException;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.inference.LanguageModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the block of a longshort model folder for DJL's model loading: it loads the folder as
 * a {@link LanguageModel} on the engine of the DJL model being loaded and wraps it in a {@link
 * LanguageModelBlock}. The language model is closed with the DJL model. Named in every model
 * folder's {@value ServingProperties#FILE}.
 */
public final class LanguageModelBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by class name). */
    public LanguageModelBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        Engine engine = model.getNDManager().getEngine();
        LanguageModel languageModel = LanguageModel.load(modelPath, backendOf(engine));
        model.getNDManager().attachInternal("longshort-" + UUID.randomUUID(), languageModel);
        return new LanguageModelBlock(languageModel);
    }

    /**
     * Returns the longshort backend of a DJL engine.
     *
     * @param engine the DJL engine
     * @return its backend
     * @throws LongshortException if no engine plugin provides it
     */
    static Backend backendOf(Engine engine) {
        String djlName = engine.getEngineName();
        String guess = djlName.toLowerCase(Locale.ROOT);
        if (Backends.available().contains(guess)) {
            Backend backend = Backends.get(guess);
            if (backend.engine().getEngineName().equals(djlName)) {
                return backend;
            }
        }
        throw new LongshortException("No longshort engine plugin runs DJL's " + djlName
                + " engine: available are " + Backends.available()
                + "; choose one of them with Criteria's optEngine.");
    }
}

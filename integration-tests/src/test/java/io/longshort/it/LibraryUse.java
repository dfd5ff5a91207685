package io.longshort.it;

import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.train.LanguageModelTrainer;
import java.nio.file.Path;

/**
 * An application's use of the library, run in a JVM of its own by {@link JavaApiTest}: the tiny
 * preset trained for a few windows on an engine chosen by configuration, with SLF4J as the
 * application left it.
 */
public final class LibraryUse {

    private LibraryUse() {}

    /**
     * Trains.
     *
     * @param args the model folder, and the windows to train
     */
    public static void main(String[] args) {
        Corpus corpus = Corpora.fromBuiltin(BuiltinCorpus.generate(7, 3_000, 600, 600));
        Preset p = Presets.tiny();
        new LanguageModelTrainer(
                        Backends.select(null),
                        corpus,
                        p.model().withVocabularySize(corpus.vocabulary().size()),
                        p.training().withMaxSteps(Long.parseLong(args[1])),
                        Path.of(args[0]))
                .optTestWindow(10, 5)
                .train();
    }
}

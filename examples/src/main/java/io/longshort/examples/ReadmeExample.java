package io.longshort.examples;

import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.TrainingResult;
import io.longshort.dsl.LanguageModels;
import java.nio.file.Path;

/**
 * The README's Java example, kept here so that the build proves it compiles: the medium
 * configuration trained on a PTB folder given as the first argument (default: the built-in
 * corpus).
 */
public final class ReadmeExample {

    private ReadmeExample() {}

    /**
     * Trains the medium configuration.
     *
     * @param args an optional PTB folder
     */
    public static void main(String[] args) {
        Corpus corpus = args.length > 0 ? Corpora.ptb(Path.of(args[0])) : Corpora.builtin(42);
        ModelSpec model = LanguageModels.model()
                .setVocabularySize(corpus.vocabulary().size())
                .setEmbeddingSize(650)
                .setHiddenSize(650)
                .optNumLayers(2)
                .optNumSteps(35)
                .optKeepProbability(0.5f)
                .optInitScale(0.05f)
                .build();
        TrainingPlan plan = LanguageModels.training()
                .optEpochs(39)
                .optLrDecay(0.8f)
                .optMaxLrEpoch(6)
                .optMaxGradNorm(5)
                .build();
        TrainingResult result =
                new LanguageModelTrainer(Backends.select(null), corpus, model, plan, Path.of("runs/medium")).train();
        System.out.println(result.test().perplexity());
    }
}

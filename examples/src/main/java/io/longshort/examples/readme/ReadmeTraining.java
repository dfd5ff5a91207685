package io.longshort.examples.readme;

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
 * The README's training snippet: the medium configuration trained on the PTB files in {@code
 * simple-examples/data} into {@code runs/medium}, both relative to the working folder.
 */
public final class ReadmeTraining {

    private ReadmeTraining() {}

    /**
     * Trains the medium configuration and prints its test perplexity.
     *
     * @param args none
     */
    public static void main(String[] args) {
        // tag::train[]
        Corpus corpus = Corpora.ptb(Path.of("simple-examples/data")); // or Corpora.builtin(42)
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
                new LanguageModelTrainer(Backends.get("pytorch"), corpus, model, plan, Path.of("runs/medium")).train();
        System.out.println("test perplexity " + result.test().perplexity());
        // end::train[]
    }
}

package io.longshort.examples.dsl;

import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.DataSource;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import io.longshort.dsl.LanguageModels;

/**
 * A model described with the Java builders: the demo's network (two layers of 200 units, 20 steps,
 * batch 20) with the softmax tied to the embedding, on the built-in corpus. {@code
 * KotlinDslExample} describes the same model in Kotlin. Run it with {@code
 * examples/bin/java-dsl-example [--train STEPS]}: it prints the summary and the JSON file of the
 * run, and with {@code --train} trains it for that many windows.
 */
public final class JavaDslExample {

    private JavaDslExample() {}

    /**
     * Describes the run.
     *
     * @param corpus the built-in corpus; the vocabulary comes from it
     * @return the experiment
     */
    public static Experiment describe(Corpus corpus) {
        ModelSpec model = LanguageModels.model()
                .setVocabulary(corpus)
                .setEmbeddingSize(200)
                .setHiddenSize(200)
                .optNumLayers(2)
                .optNumSteps(20)
                .optBatchSize(20)
                .optInitScale(0.1f)
                .optTiedWeights(true)
                .build();
        TrainingPlan plan = LanguageModels.training()
                .optEpochs(6)
                .optLearningRate(0.25f)
                .optLrDecay(0.5f)
                .optMaxLrEpoch(5)
                .optMaxGradNorm(5f)
                .build();
        return LanguageModels.experiment()
                .setModel(model)
                .setTraining(plan)
                .optData(DataSource.builtin(42))
                .build();
    }

    /**
     * Prints the summary and the JSON of the run, and trains it with {@code --train STEPS}.
     *
     * @param args optionally {@code --train STEPS}
     */
    public static void main(String[] args) {
        Corpus corpus = Corpora.builtin(42);
        Experiment experiment = describe(corpus);
        ExampleRuns.show(experiment);
        ExampleRuns.trainIfAsked(experiment, corpus, args, "java-dsl-example");
    }
}

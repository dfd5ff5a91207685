package io.longshort.examples.dsl;

import io.longshort.core.LongshortException;
import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.Experiment;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.Locale;

/** What the DSL examples share: print a run, and train it when asked. */
public final class ExampleRuns {

    private ExampleRuns() {}

    /**
     * Prints the run's summary and its JSON file form.
     *
     * @param experiment the run
     */
    public static void show(Experiment experiment) {
        System.out.println(experiment.summary());
        System.out.println();
        System.out.println("As a config file (longshort train --config FILE):");
        System.out.println(experiment.toJson());
    }

    /**
     * Trains the run for a number of windows when the arguments are {@code --train STEPS}.
     *
     * @param experiment the run
     * @param corpus its data, already read
     * @param args the program's arguments
     * @param name the name of the model folder under {@code runs/}
     */
    public static void trainIfAsked(Experiment experiment, Corpus corpus, String[] args, String name) {
        if (args.length == 0) {
            return;
        }
        if (args.length != 2 || !args[0].equals("--train")) {
            throw new LongshortException("Unknown arguments: use --train STEPS, or nothing to only print the run.");
        }
        long steps = Long.parseLong(args[1]);
        Backend backend = Backends.select(experiment.engine());
        Path out = Path.of("runs", name + "-" + backend.name());
        TrainingResult r = new LanguageModelTrainer(
                        backend,
                        corpus,
                        experiment
                                .model()
                                .withVocabularySize(corpus.vocabulary().size()),
                        experiment.training().withMaxSteps(steps),
                        out)
                .optDataInfo(experiment.data().describe())
                .train();
        System.out.println(String.format(
                Locale.ROOT,
                "trained %d windows on %s: valid perplexity %.2f, test perplexity %.2f; model in %s",
                r.steps(),
                r.engine(),
                r.validPerplexity(),
                r.test().perplexity(),
                out));
    }
}

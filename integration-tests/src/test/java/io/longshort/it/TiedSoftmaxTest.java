package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.model.Network;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.TrainingResult;
import io.longshort.dsl.Presets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The softmax tied to the embedding (Press &amp; Wolf 2017), on each engine: it has exactly {@code
 * V x E} fewer parameters than the recipe's head, and with the same budget on the built-in corpus
 * its test perplexity is no worse than 1.05 times the untied model's and under 30. The model is
 * the demo's (two layers of 200 units, embedding 200, 20 steps, batch 20, learning rate 0.25, no
 * dropout), trained for 200 windows (about a third of an epoch); the test runs with the training
 * batch and steps.
 *
 * <p>The budget was 300 windows (issue 15, item 10: a faster suite). Measured on PyTorch (test
 * perplexity untied / tied, ratio): 1 window 112.4 / 96.0 (0.854), 100 windows 46.0 / 49.3
 * (1.072), 150 windows 29.9 / 28.6 (0.957), 200 windows 21.5 / 21.2 (0.985), 300 windows 19.05 /
 * 18.41 (0.966, the same on MXNet). Because an untrained tied model is already under 100 (96.0
 * after one window, when the untied one is at 112.4, so the ratio holds too), the absolute bound
 * was tightened from 100 to 30: a tied head that does not train, or trains at half the pace (49.3
 * after 100 windows), fails it.
 */
class TiedSoftmaxTest {

    private static final long BUDGET = 200;
    private static Corpus corpus;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readCorpus() {
        corpus = Corpora.builtin(42);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void tiedHeadHasVTimesEFewerParametersAndTrainsAsWellAsTheUntied(String engine) {
        Backend backend = Backends.get(engine);
        ModelSpec untied = Presets.demo().toBuilder().setVocabulary(corpus).build();
        ModelSpec tied = Presets.demo().toBuilder()
                .setVocabulary(corpus)
                .optTiedWeights(true)
                .build();
        long v = corpus.vocabulary().size();
        long e = tied.embeddingSize();
        assertEquals(v * e, untied.parameterCount() - tied.parameterCount(), "spec counts");
        assertEquals(untied.parameterCount(), countParameters(backend, untied), "untied network");
        assertEquals(tied.parameterCount(), countParameters(backend, tied), "tied network");

        TrainingPlan plan = Presets.demo().training().withMaxSteps(BUDGET);
        TrainingResult u = train(backend, untied, plan, tmp.resolve("untied"));
        TrainingResult t = train(backend, tied, plan, tmp.resolve("tied"));
        String numbers = String.format(
                Locale.ROOT,
                "%s, %d windows: untied %,d parameters, test perplexity %.3f; tied %,d parameters, test perplexity"
                        + " %.3f (ratio %.4f)",
                engine,
                BUDGET,
                untied.parameterCount(),
                u.test().perplexity(),
                tied.parameterCount(),
                t.test().perplexity(),
                t.test().perplexity() / u.test().perplexity());
        System.out.println(numbers);
        assertTrue(Double.isFinite(t.test().perplexity()) && t.test().perplexity() < 30, numbers);
        assertTrue(t.test().perplexity() <= 1.05 * u.test().perplexity(), numbers);

        // the saved model carries the spec it was built from
        assertEquals(tied, ModelFiles.readRecord(tmp.resolve("tied")).model());
        assertEquals(plan, ModelFiles.readRecord(tmp.resolve("tied")).training());
    }

    private static long countParameters(Backend backend, ModelSpec spec) {
        try (Network net =
                Network.create(backend, spec, Presets.demo().training().layout(), 1)) {
            long n = 0;
            for (var p : net.parameters()) {
                n += p.getArray().getShape().size();
            }
            return n;
        }
    }

    private static TrainingResult train(Backend backend, ModelSpec spec, TrainingPlan plan, Path out) {
        return new LanguageModelTrainer(backend, corpus, spec, plan, out)
                .optTestWindow(spec.batchSize(), spec.numSteps())
                .train();
    }
}

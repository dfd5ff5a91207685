package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Optimizer;
import io.longshort.core.spec.TrainingPlan;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import io.longshort.core.train.TrainingResult;
import io.longshort.dsl.LanguageModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run interrupted at arbitrary windows and resumed from its checkpoints ends with the same
 * parameters, metrics and test perplexity as the same run uninterrupted: the checkpoints carry the
 * parameters, Adam's moments, the carried LSTM state, the position, the learning-rate schedule and
 * the running sums, and dropout masks follow from the seed and the step. In-process (the
 * interruption is an exception thrown from a listener); {@code CrashResumeTest} kills real
 * processes. The uninterrupted run of an engine is trained once per JVM and shared by the tests
 * (issue 15, item 10: each test trained its own).
 */
class ResumeTest {

    /** An uninterrupted run and where it is. */
    private record Whole(Path dir, TrainingResult result) {}

    /** The uninterrupted run of each engine, trained once per JVM and shared by the tests; read only. */
    private static final Map<String, Whole> WHOLE = new HashMap<>();

    @TempDir
    Path tmp;

    private static synchronized Whole whole(Backend backend, Corpus corpus, String engine) {
        return WHOLE.computeIfAbsent(engine, e -> {
            Path dir = TestModels.sharedFolder().resolve("resume-whole-" + e);
            return new Whole(dir, trainer(backend, corpus, dir).train());
        });
    }

    /** The corpus of these runs: about 150 windows an epoch. */
    private static Corpus corpus() {
        return Corpora.fromBuiltin(BuiltinCorpus.generate(11, 3_000, 600, 600));
    }

    /** Throws at one step, as a kill would stop the run there. */
    private static TrainingListener stopAt(long step) {
        return new TrainingListener() {
            @Override
            public void onStep(StepReport r) {
                if (r.step() == step) {
                    throw new IllegalStateException("interrupted at step " + step);
                }
            }
        };
    }

    private static LanguageModelTrainer trainer(Backend backend, Corpus corpus, Path out) {
        ModelSpec spec = LanguageModels.fromPreset("tiny")
                .setVocabulary(corpus)
                .optInputDropout(0.2f)
                .optHiddenDropout(0.3f)
                .optOutputDropout(0.25f)
                .build();
        TrainingPlan plan = LanguageModels.trainingFromPreset("tiny")
                .optEpochs(3)
                .optOptimizer(Optimizer.adam())
                .optLearningRate(0.01f)
                .optLrDecay(0.5f)
                .optMaxLrEpoch(1)
                .build();
        return new LanguageModelTrainer(backend, corpus, spec, plan, out)
                .optCheckpointEvery(40)
                .optKeepCheckpoints(2)
                .optTestWindow(10, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void anInterruptedRunEndsWhereTheUninterruptedOneDoes(String engine) throws Exception {
        Backend backend = Backends.get(engine);
        // about 150 windows an epoch: three epochs, learning-rate decay and epoch-end checkpoints
        Corpus corpus = corpus();
        Whole w = whole(backend, corpus, engine);
        Path whole = w.dir();
        TrainingResult expected = w.result();

        Path parts = tmp.resolve("parts");
        // mid-epoch between checkpoints, just after an epoch end, and in the last epoch
        for (long stop : List.of(57L, 163L, 371L)) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> trainer(backend, corpus, parts)
                            .optListener(stopAt(stop))
                            .optResume(true)
                            .train());
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        }
        TrainingResult resumed = trainer(backend, corpus, parts).optResume(true).train();

        assertEquals(expected.steps(), resumed.steps());
        assertEquals(expected.epochs(), resumed.epochs());
        assertEquals(expected.test().perplexity(), resumed.test().perplexity(), 1e-9);
        assertEquals(expected.validPerplexity(), resumed.validPerplexity(), 1e-9);
        assertEquals(
                Files.readString(whole.resolve("metrics-epoch.csv"))
                        .lines()
                        .map(ResumeTest::noSpeed)
                        .toList(),
                Files.readString(parts.resolve("metrics-epoch.csv"))
                        .lines()
                        .map(ResumeTest::noSpeed)
                        .toList());
        assertEquals(
                Files.readString(whole.resolve("metrics-log.csv"))
                        .lines()
                        .map(ResumeTest::noSpeed)
                        .toList(),
                Files.readString(parts.resolve("metrics-log.csv"))
                        .lines()
                        .map(ResumeTest::noSpeed)
                        .toList());
        double max = TestModels.maxParameterDifference(whole, parts, backend);
        assertTrue(max <= 1e-6, engine + ": max abs parameter difference " + max);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch"})
    void aDamagedNewestCheckpointIsSkippedAndTheRunStillEndsTheSame(String engine) throws Exception {
        Backend backend = Backends.get(engine);
        Corpus corpus = corpus();
        Path whole = whole(backend, corpus, engine).dir(); // shared with the test above
        Path parts = tmp.resolve("parts");
        assertThrows(
                IllegalStateException.class,
                () -> trainer(backend, corpus, parts).optListener(stopAt(130)).train());
        CheckpointStore store = new CheckpointStore(parts.resolve("checkpoints"), 2);
        Path newest = store.latest(null).orElseThrow().dir();
        byte[] bytes = Files.readAllBytes(newest.resolve(ModelFiles.PARAMETERS));
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(newest.resolve(ModelFiles.PARAMETERS), bytes);
        LongshortException damaged = assertThrows(LongshortException.class, () -> CheckpointStore.verify(newest));
        assertTrue(damaged.getMessage().contains("parameters.params does not match"), damaged.getMessage());

        trainer(backend, corpus, parts).optResume(true).train();
        double max = TestModels.maxParameterDifference(whole, parts, backend);
        assertTrue(max <= 1e-6, "max abs parameter difference " + max);
    }

    private static String noSpeed(String csvLine) {
        return csvLine.substring(0, csvLine.lastIndexOf(','));
    }
}

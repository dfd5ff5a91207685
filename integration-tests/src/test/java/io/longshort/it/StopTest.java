package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import io.longshort.core.train.TrainingPosition;
import io.longshort.core.train.TrainingStoppedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LanguageModelTrainer#stop()}, the Java way to do what Ctrl-C does on the command line:
 * training ends after the window in progress with a checkpoint of it, or during the final test
 * with the run's last checkpoint, and a resumed trainer ends where the run never stopped ends
 * ({@link TestModels#sharedTiny}, the same training); a time-based checkpoint interval shorter
 * than a window checkpoints after every window; a trainer stopped once trains on when asked again.
 */
class StopTest {

    private static final String ENGINE = "pytorch";

    @TempDir
    Path tmp;

    /** The training of {@link TestModels#sharedTiny(String, boolean)} with a batch-20 test. */
    private static LanguageModelTrainer trainer(Path dir) {
        Corpus corpus = TestModels.builtin();
        Preset p = Presets.tiny();
        ModelSpec spec = p.model().withVocabularySize(corpus.vocabulary().size());
        return new LanguageModelTrainer(
                        Backends.get(ENGINE), corpus, spec, p.training().withMaxSteps(TestModels.SHARED_STEPS), dir)
                .optPreset("tiny")
                .optDataInfo(Map.of("kind", "builtin", "seed", Long.toString(BuiltinCorpus.DEFAULT_SEED)))
                .optTestWindow(20, spec.numSteps())
                .optResume(true);
    }

    /** A trainer that asks itself to stop after window {@code step}, or during its final test. */
    private static LanguageModelTrainer stoppingAt(Path dir, long step, boolean duringTest) {
        LanguageModelTrainer t = trainer(dir);
        return t.optListener(new TrainingListener() {
            @Override
            public void onStep(StepReport r) {
                if (!duringTest && r.step() == step) {
                    t.stop();
                }
            }

            @Override
            public void onEvaluationProgress(String split, int done, int total, double perplexity) {
                if (duringTest && split.equals("test") && done == 2) {
                    t.stop();
                }
            }
        });
    }

    @Test
    void aStoppedRunKeepsItsWindowsAndTheResumedRunEndsAsTheUninterruptedOne() throws Exception {
        Path whole = TestModels.sharedTiny(ENGINE, false);
        Path dir = tmp.resolve("stopped");

        TrainingStoppedException mid = assertThrows(
                TrainingStoppedException.class, () -> stoppingAt(dir, 13, false).train());
        assertEquals(13, mid.position().step());
        assertEquals(13, mid.position().window(), "the run is in its first epoch");
        Path checkpoint = mid.checkpoint().orElseThrow();
        assertEquals(13, CheckpointStore.verify(checkpoint).manifest().step(), "a whole checkpoint of the stop");
        assertTrue(mid.getMessage().contains("epoch 1, window 13 of"), mid.getMessage());
        assertTrue(!ModelFiles.isModel(dir), "no model yet");

        // the run's end is a checkpoint already: a stop during the test writes nothing new
        TrainingStoppedException inTest = assertThrows(
                TrainingStoppedException.class, () -> stoppingAt(dir, -1, true).train());
        assertEquals(TestModels.SHARED_STEPS, inTest.position().step());
        assertEquals(
                TestModels.SHARED_STEPS,
                CheckpointStore.verify(inTest.checkpoint().orElseThrow())
                        .manifest()
                        .step());
        assertTrue(!ModelFiles.isModel(dir), "no model yet");

        List<TrainingPosition> starts = new ArrayList<>();
        trainer(dir)
                .optListener(new TrainingListener() {
                    @Override
                    public void onResume(TrainingPosition from, Path checkpoint) {
                        starts.add(from);
                    }
                })
                .train();
        assertEquals(List.of(inTest.position()), starts, "the resumed run starts where the stop left it");
        assertEquals(TestModels.SHARED_STEPS, ModelFiles.readRecord(dir).stepsCompleted());
        double max = TestModels.maxParameterDifference(whole, dir, Backends.get(ENGINE));
        assertTrue(max <= 1e-6, "max abs parameter difference " + max);
        assertEquals(
                ModelFiles.readRecord(whole).metrics().get("test_perplexity"),
                ModelFiles.readRecord(dir).metrics().get("test_perplexity"),
                1e-6);
    }

    @Test
    void anIntervalShorterThanAWindowCheckpointsAfterEveryWindowAndAStopIsUsedUpByIt() {
        Path dir = tmp.resolve("often");
        LanguageModelTrainer t =
                trainer(dir).optCheckpointInterval(Duration.ofNanos(1)).optKeepCheckpoints(100);
        // a stop asked for before train() ends it after the first window, and is used up by it
        t.stop();
        TrainingStoppedException first = assertThrows(TrainingStoppedException.class, t::train);
        assertEquals(1, first.position().step());
        t.train();
        List<Long> steps = new CheckpointStore(dir.resolve("checkpoints"), 1)
                .list().stream()
                        .map(c -> CheckpointStore.verify(c).manifest().step())
                        .toList();
        // every window but the budget's last, whose checkpoint comes after validation
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= TestModels.SHARED_STEPS; s++) {
            expected.add(s);
        }
        assertEquals(expected, steps);
    }
}

package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API behaves as the command line does (issue 16): the trainer reports its progress
 * through SLF4J, the engine comes from {@code -Dlongshort.engine}, DJL's CUDA probe stays quiet
 * on a machine without a GPU, and an unfinished run is not started over by mistake.
 */
class JavaApiTest {

    @TempDir
    Path tmp;

    private static Corpus corpus() {
        return Corpora.fromBuiltin(BuiltinCorpus.generate(7, 3_000, 600, 600));
    }

    private static LanguageModelTrainer trainer(Corpus corpus, Path out, long steps) {
        Preset p = Presets.tiny();
        return new LanguageModelTrainer(
                        Backends.get("pytorch"),
                        corpus,
                        p.model().withVocabularySize(corpus.vocabulary().size()),
                        p.training().withMaxSteps(steps),
                        out)
                .optTestWindow(10, 5);
    }

    @Test
    void anApplicationSeesTheTrainersProgressAndNoCudaWarnings() throws Exception {
        // slf4j-simple as an application gets it: no configuration, so INFO and above on stderr
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-Dlongshort.engine=pytorch",
                "-cp",
                System.getProperty("java.class.path"),
                LibraryUse.class.getName(),
                tmp.resolve("model").toString(),
                "20"));
        Process process = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile())
                .start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child JVM finishes");
        String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), err);
        String trainer = "INFO io.longshort.core.train.LanguageModelTrainer - ";
        assertTrue(err.contains(trainer + "training on pytorch: data Corpus{builtin(seed=7)"), err);
        assertTrue(err.contains(trainer + "plan TrainingPlan["), err);
        assertTrue(err.contains(trainer + "epoch 1  "), "a line per progress report: " + err);
        assertTrue(err.contains(trainer + "epoch 1 done: "), "a line per epoch: " + err);
        assertTrue(err.contains(trainer + "done: 20 windows, "), "the results: " + err);
        assertFalse(err.contains("CudaUtils"), "no warnings of DJL's CUDA probe: " + err);
        assertTrue(ModelFiles.isModel(tmp.resolve("model")));
    }

    @Test
    void anUnfinishedRunIsNotStartedOverUnlessResumedOrOverwritten() throws Exception {
        Corpus corpus = corpus();
        Path out = tmp.resolve("run");
        assertThrows(
                IllegalStateException.class,
                () -> trainer(corpus, out, 30)
                        .optCheckpointEvery(5)
                        .optListener(stopAt(12))
                        .train());
        Map<Path, String> before = contents(out);
        assertFalse(before.isEmpty());

        LongshortException e = assertThrows(
                LongshortException.class, () -> trainer(corpus, out, 30).train());
        assertEquals(
                out + " holds an unfinished run (no model.json, newest checkpoint " + CheckpointStore.name(10)
                        + "): continue it with optResume(true), or pass optOverwrite(true) to start again.",
                e.getMessage());
        assertEquals(before, contents(out), "nothing saved before is touched");

        assertEquals(30, trainer(corpus, out, 30).optResume(true).train().steps());
        assertTrue(ModelFiles.isModel(out));
    }

    @Test
    void overwriteStartsAnUnfinishedRunAgain() throws Exception {
        Corpus corpus = corpus();
        Path out = tmp.resolve("run");
        assertThrows(
                IllegalStateException.class,
                () -> trainer(corpus, out, 30)
                        .optCheckpointEvery(5)
                        .optListener(stopAt(7))
                        .train());
        List<String> steps = new ArrayList<>();
        trainer(corpus, out, 8)
                .optOverwrite(true)
                .optListener(new TrainingListener() {
                    @Override
                    public void onStep(StepReport r) {
                        steps.add(Long.toString(r.step()));
                    }
                })
                .train();
        assertEquals("1", steps.get(0), "from the beginning");
        assertEquals(8, ModelFiles.readRecord(out).stepsCompleted());
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

    private static Map<Path, String> contents(Path root) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f, java.util.Arrays.hashCode(Files.readAllBytes(f)) + ":" + Files.size(f));
            }
        }
        return out;
    }
}

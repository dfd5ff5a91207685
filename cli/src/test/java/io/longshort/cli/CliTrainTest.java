package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.SplitReport;
import io.longshort.core.data.builtin.BuiltinCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code train} and {@code test} through the command line, on the built-in corpus. The trained
 * models are {@link CliModels#tiny(String)}, which {@code ArchiveCrossEngineTest} and {@code
 * SelfCheckFallbackTest} read too (issue 15, item 10: each trained its own before).
 */
class CliTrainTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pytorch", "mxnet"})
    void trainWithJsonReportsEveryFieldAndSavesAModel(String engine) {
        Path out = CliModels.tinyDir(engine);
        Run run = CliModels.tiny(engine);
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.json();
        for (String key : List.of(
                "engine",
                "preset",
                "epochs",
                "train_perplexity",
                "valid_perplexity",
                "test_perplexity",
                "accuracy",
                "train_words_per_second",
                "model_dir",
                "oracle_perplexity",
                "trigram_perplexity")) {
            assertTrue(json.has(key), "missing " + key + " in " + json);
        }
        assertEquals(engine, json.get("engine").getAsString());
        assertEquals("tiny", json.get("preset").getAsString());
        assertEquals(30, json.get("steps").getAsLong());
        double ppl = json.get("test_perplexity").getAsDouble();
        assertTrue(ppl > json.get("oracle_perplexity").getAsDouble() && ppl < 500, "test perplexity " + ppl);
        assertTrue(Files.isRegularFile(out.resolve("model.json")));
        assertTrue(Files.isRegularFile(out.resolve("vocabulary.txt")));
        assertTrue(Files.isRegularFile(out.resolve("parameters.params")));
        assertTrue(Files.isRegularFile(new CheckpointStore(out.resolve("checkpoints"), 1)
                .latest(null)
                .orElseThrow()
                .dir()
                .resolve("parameters.params")));
        assertTrue(run.out().contains("true:"), run.out());
        assertTrue(run.out().contains("predicted:"), run.out());

        // the saved model, restored on the other engine, reports the same test perplexity
        String other = engine.equals("pytorch") ? "mxnet" : "pytorch";
        Run test = CliTestSupport.run("test", "--model", out.toString(), "--engine", other, "--json");
        assertEquals(0, test.code(), test.err());
        double restored = test.json().get("test_perplexity").getAsDouble();
        assertEquals(ppl, restored, ppl * 1e-3, "test perplexity after restoring on " + other);
    }

    @Test
    void theTrainersLogLinesDoNotRepeatTheCommandLinesReport() throws Exception {
        // INFO on for every logger, as a user might set it in LONGSHORT_JAVA_OPTS
        List<String> cmd = CliTestSupport.childCommand(
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"),
                "train",
                "--preset",
                "tiny",
                "--max-steps",
                "3",
                "--engine",
                "pytorch",
                "--out",
                tmp.resolve("out").toString());
        Process process = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile())
                .start();
        assertTrue(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the child JVM finishes");
        String out = Files.readString(tmp.resolve("out.txt"));
        String err = Files.readString(tmp.resolve("err.txt"));
        assertEquals(0, process.exitValue(), err);
        assertTrue(out.contains("stopped after 3 windows of epoch 1: "), "the command line's own report: " + out);
        assertTrue(err.contains(" INFO ai.djl."), "INFO is on: " + err);
        assertTrue(!err.contains("LanguageModelTrainer"), "no second report through SLF4J: " + err);
    }

    @Test
    void theReadmeDocumentsEveryKeyOfTheJsonReport() throws Exception {
        Run run = CliModels.tiny("pytorch");
        assertEquals(0, run.code(), run.err());
        Set<String> keys = new TreeSet<>(run.json().keySet());
        keys.add("config"); // instead of preset, for a --config run
        String readme = Files.readString(BadInputCatalogueTest.readme());
        int start = readme.indexOf("**The `--json` report**");
        assertTrue(start >= 0, "README has a paragraph on the --json report");
        String paragraph = readme.substring(start, readme.indexOf("\n\n", start));
        List<String> undocumented =
                keys.stream().filter(k -> !paragraph.contains("`" + k + "`")).toList();
        assertTrue(undocumented.isEmpty(), "keys of --json missing from README: " + undocumented);
    }

    @Test
    void theWordsOutsideTheVocabularyAreCountedInTheReportTheJsonAndTheModelRecord() throws Exception {
        Run run = CliModels.tiny("pytorch");
        JsonObject json = run.json();
        Corpus corpus = Corpora.builtin(BuiltinCorpus.DEFAULT_SEED);
        for (SplitReport r : corpus.splitReports()) {
            assertEquals(r.outOfVocabulary(), json.get(r.split() + "_oov_words").getAsInt());
            assertEquals(
                    r.outOfVocabularyShare(), json.get(r.split() + "_oov_share").getAsDouble(), 1e-12);
            assertEquals(
                    (double) r.outOfVocabulary(),
                    ModelFiles.readRecord(CliModels.tinyDir("pytorch"))
                            .metrics()
                            .get(r.split() + "_oov_words"));
        }
        assertTrue(run.out().contains("words outside the training vocabulary: valid "), run.out());
        assertTrue(run.out().contains("dropped"), run.out());
    }

    @Test
    void anOutputFolderHoldingAModelIsNotOverwritten() throws Exception {
        // a copy of the shared model (a folder training wrote), since this test tries to write into it
        Run first = CliModels.tiny("pytorch");
        assertEquals(0, first.code(), first.err());
        Path out = CliTestSupport.copyFolder(CliModels.tinyDir("pytorch"), tmp.resolve("kept"));
        byte[] before = Files.readAllBytes(out.resolve("parameters.params"));
        Run second = CliTestSupport.run(
                "train", "--preset", "tiny", "--max-steps", "5", "--seed", "7", "--out", out.toString());
        assertEquals(2, second.code());
        assertTrue(second.err().contains("already holds a model"), second.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("parameters.params"))));
    }
}

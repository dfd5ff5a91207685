package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.DataChecksums;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.PtbReader;
import io.longshort.core.data.UnknownWords;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.eval.Evaluation;
import io.longshort.core.eval.Evaluator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code longshort test}: restore a saved model and report on test data. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Restore a saved model and report test perplexity, accuracy and one window of"
                + " true and predicted words (batch 1, the state carried across windows).")
final class TestCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "The model folder.")
    Path model;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "PTB-format folder whose ptb.test.txt to use (default: the data the model was trained on).")
    Path data;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UnfinishedRunCheck.check(model);
        ModelRecord record = ModelFiles.readRecord(model);
        String engineName = common.resolveEngine(null);
        Backend backend = Backends.get(engineName);
        try (ModelFiles.SavedModel saved = ModelFiles.load(model, backend)) {
            Vocabulary vocabulary = saved.vocabulary();
            int[] test = testIds(record, vocabulary);
            out.println("longshort: testing " + model + " (" + record.preset() + ", trained on " + record.engine()
                    + ") on " + backend.describe() + ", " + test.length + " test words");
            int steps = record.model().numSteps();
            Evaluation e;
            try (ConsoleReporter reporter = new ConsoleReporter(out)) {
                e = Evaluator.evaluate(
                        saved.network(),
                        test,
                        1,
                        steps,
                        vocabulary,
                        record.model().numSteps(),
                        (done, total, ppl) -> reporter.onEvaluationProgress("test", done, total, ppl));
            }
            out.println(String.format(
                    Locale.ROOT,
                    "test perplexity %.2f, accuracy %.3f, %.0f words per second",
                    e.perplexity(),
                    e.accuracy(),
                    e.wordsPerSecond()));
            out.println(Evaluator.formatSample(e.sampleTrue(), e.samplePredicted()));
            if (common.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("engine", backend.name());
                json.put("preset", record.preset());
                json.put("epochs", record.epochsCompleted());
                json.put("train_perplexity", metric(record, "train_perplexity"));
                json.put("valid_perplexity", metric(record, "valid_perplexity"));
                json.put("test_perplexity", e.perplexity());
                json.put("accuracy", e.accuracy());
                json.put("train_words_per_second", metric(record, "train_words_per_second"));
                json.put("model_dir", model.toAbsolutePath().normalize().toString());
                out.println(Json.line(json));
            }
            out.flush();
        }
        return 0;
    }

    private static Double metric(ModelRecord record, String name) {
        return record.metrics() == null ? null : record.metrics().get(name);
    }

    private int[] testIds(ModelRecord record, Vocabulary vocabulary) {
        if (data != null) {
            PtbReader.requireSplits(data, List.of("test"));
            return vocabulary.encode(PtbReader.words(PtbReader.splitFile(data, "test")), UnknownWords.DROP);
        }
        Map<String, String> info = record.data() == null ? Map.of() : record.data();
        if ("builtin".equals(info.get("kind"))) {
            long seed = Long.parseLong(info.getOrDefault("seed", Long.toString(BuiltinCorpus.DEFAULT_SEED)));
            Corpus corpus = Corpora.builtin(seed);
            String recorded = info.get(DataChecksums.key("test"));
            if (!corpus.vocabulary().equals(vocabulary)
                    || recorded != null && !recorded.equals(DataChecksums.sha256(corpus.test()))) {
                throw new LongshortException("The built-in corpus regenerated from seed " + seed
                        + " is not the one the model was trained on (another longshort version?): pass"
                        + " --data DIR.");
            }
            return corpus.test();
        }
        Path file = recordedTestFile(info);
        List<String> words = PtbReader.words(file);
        String policy = info.get("unknownWords");
        int[] ids = vocabulary.encode(words, policy != null ? UnknownWords.valueOf(policy) : UnknownWords.DROP);
        String recorded = info.get(DataChecksums.key("test"));
        if (recorded == null || recorded.equals(DataChecksums.sha256(ids))) {
            return ids;
        }
        if (policy == null && vocabulary.contains(Vocabulary.UNK)) {
            int[] mapped = vocabulary.encode(words, UnknownWords.MAP_TO_UNK);
            if (recorded.equals(DataChecksums.sha256(mapped))) {
                return mapped;
            }
        }
        throw new LongshortException("The model was trained on " + file
                + ", which has changed since (its checksum differs from the one recorded in the model):"
                + " pass --data DIR to test on it anyway.");
    }

    /** The test file recorded with a model: {@code ptb.test.txt} of a PTB folder, or a text file. */
    private static Path recordedTestFile(Map<String, String> info) {
        if (info.get("path") != null) {
            Path folder = Path.of(info.get("path"));
            Path file = PtbReader.splitFile(folder, "test");
            if (!Files.isRegularFile(file)) {
                throw new LongshortException("The model was trained on " + folder + ", but " + file
                        + " is not there any more: pass --data DIR with the folder's new place.");
            }
            return file;
        }
        if (info.get("test") != null) {
            String tokenizer = info.getOrDefault("tokenizer", "SENTENCE_PER_LINE");
            if (!tokenizer.equals("SENTENCE_PER_LINE")) {
                throw new LongshortException("The model was trained on text read with the " + tokenizer
                        + " tokenizer, which longshort test does not read back: pass --data DIR.");
            }
            Path file = Path.of(info.get("test"));
            if (!Files.isRegularFile(file)) {
                throw new LongshortException("The model was tested on " + file
                        + ", which is not there any more: pass --data DIR with a folder holding ptb.test.txt.");
            }
            return file;
        }
        throw new LongshortException("The model does not record its data: pass --data DIR.");
    }
}

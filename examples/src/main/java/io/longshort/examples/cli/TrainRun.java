package io.longshort.examples.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.eval.Evaluator;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.spec.TrainingPlan;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What {@code demo} and {@code train} share: load data, train, report. */
final class TrainRun {

    Path data;
    String preset = "small";
    Integer epochs;
    Long maxSteps;
    Long seed;
    Long corpusSeed;
    Path out;
    boolean overwrite;
    CommonOptions common;

    int run(PrintWriter stdout) {
        Preset p = Presets.get(preset);
        if (epochs != null && epochs < 1) {
            throw new LongshortException("--epochs is " + epochs + ": it must be at least 1.");
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new LongshortException("--max-steps is " + maxSteps + ": it must be at least 1.");
        }
        String engineName = Backends.resolveName(common.engine);
        Backend backend = Backends.get(engineName);
        Path outDir = out != null ? out : defaultOut(p.name(), engineName);
        checkOut(outDir);

        Corpus corpus;
        Map<String, String> dataInfo = new LinkedHashMap<>();
        if (data == null) {
            long s = corpusSeed != null ? corpusSeed : BuiltinCorpus.DEFAULT_SEED;
            corpus = Corpora.builtin(s);
            dataInfo.put("kind", "builtin");
            dataInfo.put("seed", Long.toString(s));
        } else {
            corpus = Corpora.ptb(data);
            dataInfo.put("kind", "ptb");
            dataInfo.put("path", data.toAbsolutePath().normalize().toString());
        }
        ModelSpec spec = p.model().withVocabularySize(corpus.vocabulary().size());
        TrainingPlan plan = p.training();
        if (epochs != null) {
            plan = plan.withEpochs(epochs);
        }
        if (maxSteps != null) {
            plan = plan.withMaxSteps(maxSteps);
        }
        if (seed != null) {
            plan = plan.withSeed(seed);
        }
        stdout.println("longshort: preset " + p.name() + " on " + backend.describe() + ", data "
                + corpus + ", model folder " + outDir);
        if (corpus.oraclePerplexity().isPresent()) {
            stdout.println(String.format(Locale.ROOT,
                    "built-in corpus: oracle perplexity %.2f (the floor), smoothed trigram %.2f",
                    corpus.oraclePerplexity().getAsDouble(), corpus.trigramPerplexity().getAsDouble()));
        }
        stdout.println("model: " + spec);
        stdout.println("training: " + plan);
        stdout.flush();
        TrainingResult r = new LanguageModelTrainer(backend, corpus, spec, plan, outDir)
                .optPreset(p.name())
                .optDataInfo(dataInfo)
                .optListener(new ConsoleReporter(stdout))
                .train();
        stdout.println(String.format(Locale.ROOT,
                "train perplexity %.2f, valid perplexity %.2f, test perplexity %.2f, test accuracy %.3f,"
                        + " %.0f training words per second",
                r.trainPerplexity(), r.validPerplexity(), r.test().perplexity(), r.test().accuracy(),
                r.trainWordsPerSecond()));
        if (corpus.oraclePerplexity().isPresent()) {
            double oracle = corpus.oraclePerplexity().getAsDouble();
            double trigram = corpus.trigramPerplexity().getAsDouble();
            stdout.println(String.format(Locale.ROOT,
                    "test perplexity %.2f is %.3fx the oracle floor %.2f; the smoothed trigram gets %.2f",
                    r.test().perplexity(), r.test().perplexity() / oracle, oracle, trigram));
        }
        if (!r.test().sampleTrue().isEmpty()) {
            stdout.println(Evaluator.formatSample(r.test().sampleTrue(), r.test().samplePredicted()));
        }
        stdout.println("model saved to " + outDir);
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("engine", r.engine());
            json.put("preset", p.name());
            json.put("epochs", r.epochs());
            json.put("steps", r.steps());
            json.put("train_perplexity", r.trainPerplexity());
            json.put("valid_perplexity", r.validPerplexity());
            json.put("test_perplexity", r.test().perplexity());
            json.put("accuracy", r.test().accuracy());
            json.put("train_words_per_second", r.trainWordsPerSecond());
            json.put("model_dir", outDir.toAbsolutePath().normalize().toString());
            if (corpus.oraclePerplexity().isPresent()) {
                json.put("oracle_perplexity", corpus.oraclePerplexity().getAsDouble());
                json.put("trigram_perplexity", corpus.trigramPerplexity().getAsDouble());
            }
            stdout.println(Json.line(json));
        }
        stdout.flush();
        return 0;
    }

    private static Path defaultOut(String preset, String engine) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", preset + "-" + engine + "-" + stamp);
    }

    private void checkOut(Path outDir) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new LongshortException(
                    "--out " + outDir + " is a file, not a folder: choose another --out.");
        }
        boolean holdsModel = ModelFiles.isModel(outDir) || ModelFiles.isModel(outDir.resolve("checkpoint"));
        if (holdsModel && !overwrite) {
            throw new LongshortException("--out " + outDir
                    + " already holds a model: choose another --out, or pass --overwrite to replace it.");
        }
        try {
            Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new LongshortException("Cannot create the model folder " + outDir + " (" + e
                    + "): choose a writable --out.", e);
        }
        if (!Files.isWritable(outDir)) {
            throw new LongshortException("The model folder " + outDir + " is not writable: choose a"
                    + " writable --out.");
        }
    }
}

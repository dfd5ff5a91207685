package io.longshort.examples.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.DataSource;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.eval.Evaluator;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.spec.Summary;
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

/**
 * What {@code demo} and {@code train} share: load data, train, report. The run is a preset with
 * {@code --data} or {@code --corpus-seed}, or an {@link Experiment} file given with {@code
 * --config}.
 */
final class TrainRun {

    Path config;
    Path data;
    String preset;
    Long corpusSeed;
    CommonOptions common;
    RunOptions options = new RunOptions();

    int run(PrintWriter stdout) {
        Experiment experiment = experiment();
        String runName = config != null ? configName(config) : preset();
        if (options.epochs != null && options.epochs < 1) {
            throw new LongshortException("--epochs is " + options.epochs + ": it must be at least 1.");
        }
        if (options.maxSteps != null && options.maxSteps < 1) {
            throw new LongshortException("--max-steps is " + options.maxSteps + ": it must be at least 1.");
        }
        // an explicit --engine wins over the file's engine, which wins over the configuration
        String engineName = Backends.resolveName(common.engine != null ? common.engine : experiment.engine());
        Backend backend = Backends.get(engineName);
        Path outDir = options.out != null ? options.out : defaultOut(runName, engineName);
        checkOut(outDir);

        Corpus corpus = experiment.data().load();
        Map<String, String> dataInfo = new LinkedHashMap<>(experiment.data().describe());
        ModelSpec spec = experiment.model().withVocabularySize(corpus.vocabulary().size());
        TrainingPlan plan = experiment.training();
        if (options.epochs != null) {
            plan = plan.withEpochs(options.epochs);
        }
        if (options.maxSteps != null) {
            plan = plan.withMaxSteps(options.maxSteps);
        }
        if (options.seed != null) {
            plan = plan.withSeed(options.seed);
        }
        stdout.println("longshort: " + (config != null ? "config " + config : "preset " + runName) + " on "
                + backend.describe() + ", data " + corpus + ", model folder " + outDir);
        if (corpus.oraclePerplexity().isPresent()) {
            stdout.println(String.format(Locale.ROOT,
                    "built-in corpus: oracle perplexity %.2f (the floor), smoothed trigram %.2f",
                    corpus.oraclePerplexity().getAsDouble(), corpus.trigramPerplexity().getAsDouble()));
        }
        stdout.println(Summary.of(spec, plan));
        stdout.flush();
        StagedOutput staged = StagedOutput.begin(outDir); // --overwrite: the old model stays until this run succeeds
        TrainingResult r;
        try {
            r = new LanguageModelTrainer(backend, corpus, spec, plan, staged.dir())
                    .optPreset(config != null ? null : runName)
                    .optDataInfo(dataInfo)
                    .optListener(new ConsoleReporter(stdout).optStepBudget(plan.maxSteps()))
                    .train();
        } catch (RuntimeException | Error e) {
            staged.abort();
            throw e;
        }
        staged.commit();
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
            if (config != null) {
                json.put("config", config.toAbsolutePath().normalize().toString());
            } else {
                json.put("preset", runName);
            }
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

    private String preset() {
        return preset != null ? preset : "small";
    }

    /** Returns the run: the --config file, or the preset on --data or the built-in corpus. */
    private Experiment experiment() {
        if (config == null) {
            Preset p = Presets.get(preset());
            DataSource source = data != null ? DataSource.ptb(data)
                    : DataSource.builtin(corpusSeed != null ? corpusSeed : BuiltinCorpus.DEFAULT_SEED);
            return Experiment.of(p).withData(source);
        }
        for (Object[] clash : new Object[][] {{"--preset", preset}, {"--data", data}, {"--corpus-seed", corpusSeed}}) {
            if (clash[1] != null) {
                throw new LongshortException(clash[0] + " cannot be combined with --config: the file describes the"
                        + " model and the data; edit it instead (keys model and data).");
            }
        }
        return Experiment.read(config);
    }

    private static String configName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
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
        if (holdsModel && !options.overwrite) {
            throw new LongshortException("--out " + outDir
                    + " already holds a model: choose another --out, or pass --overwrite to replace it.");
        }
        try {
            Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new LongshortException("Cannot create the model folder " + outDir + " ("
                    + io.longshort.core.Reasons.of(e) + "): choose a writable --out.", e);
        }
        if (!Files.isWritable(outDir)) {
            throw new LongshortException("The model folder " + outDir + " is not writable: choose a"
                    + " writable --out.");
        }
    }
}

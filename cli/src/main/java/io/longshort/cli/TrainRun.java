package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.DataSource;
import io.longshort.core.data.SplitReport;
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
import io.longshort.core.train.TrainerOptions;
import io.longshort.core.train.TrainingListener;
import io.longshort.core.train.TrainingResult;
import io.longshort.core.train.TrainingStoppedException;
import io.longshort.core.train.UnfinishedRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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
    Path resume;
    /** A stable name to point at the new model folder ({@link LatestLink}), or null. */
    Path latestLink;

    CommonOptions common;
    RunOptions options = new RunOptions();

    int run(PrintWriter stdout, PrintWriter stderr) {
        if (resume != null) {
            return resume(stdout, stderr);
        }
        Experiment experiment = experiment();
        String runName = config != null ? configName(config) : preset();
        if (options.epochs != null && options.epochs < 1) {
            throw new LongshortException("--epochs is " + options.epochs + ": it must be at least 1.");
        }
        if (options.maxSteps != null && options.maxSteps < 1) {
            throw new LongshortException("--max-steps is " + options.maxSteps + ": it must be at least 1.");
        }
        TrainerOptions.checkCheckpointEvery(options.checkpointEvery, "--checkpoint-every");
        TrainerOptions.checkKeepCheckpoints(options.keepCheckpoints, "--keep-checkpoints");
        if (!(options.checkpointMinutes >= 0)) {
            throw new LongshortException("--checkpoint-minutes is " + options.checkpointMinutes
                    + ": it must be 0 (no time-based checkpoints) or more.");
        }
        // an explicit --engine wins over the file's engine, which wins over the configuration
        String engineName = common.resolveEngine(experiment.engine());
        Backend backend = Backends.get(engineName);
        Path outDir = options.out != null ? options.out : defaultOut(runName, engineName);
        checkOut(outDir, experiment.training().checkpointDir(outDir));

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
        experiment = experiment.withEngine(engineName).withTraining(plan).withData(absolute(experiment.data()));
        // a config run is named by its file, as its --json report gives it
        String name = config != null ? config.toAbsolutePath().normalize().toString() : runName;
        RunFile runFile = new RunFile(
                UUID.randomUUID().toString(),
                name,
                config != null,
                experiment,
                options.checkpointEvery,
                options.checkpointMinutes,
                options.keepCheckpoints,
                null);
        Corpus corpus = experiment.data().load();
        // --overwrite: the old model stays as it is until this run succeeds
        StagedOutput staged = StagedOutput.begin(outDir);
        runFile.write(staged.dir());
        return execute(stdout, stderr, runFile, backend, corpus, staged, false);
    }

    /** {@code train --resume DIR}: continue the run in DIR with its own settings, or report it. */
    private int resume(PrintWriter stdout, PrintWriter stderr) {
        Object[][] clashes = {
            {"--preset", preset},
            {"--data", data},
            {"--config", config},
            {"--corpus-seed", corpusSeed},
            {"--epochs", options.epochs},
            {"--max-steps", options.maxSteps},
            {"--seed", options.seed},
            {"--out", options.out},
            {"--engine", common.engine}
        };
        for (Object[] clash : clashes) {
            if (clash[1] != null) {
                throw new LongshortException(clash[0] + " cannot be combined with --resume: a resumed run keeps"
                        + " the settings it was started with (see " + resume.resolve(RunFile.FILE) + ").");
            }
        }
        if (options.overwrite) {
            throw new LongshortException("--overwrite cannot be combined with --resume: to start the run in " + resume
                    + " again, run train with --out " + resume + " --overwrite instead.");
        }
        StagedOutput staged = StagedOutput.resume(resume);
        RunFile runFile = RunFile.read(staged.dir());
        if (runFile.finished()) {
            staged.commit(); // a run killed while its model was being moved into place

            stdout.println("longshort: the run in " + resume + " already finished; its results:");
            stdout.println(resultLine(runFile.result()));
            if (common.json) {
                stdout.println(Json.line(runFile.result()));
            }
            stdout.flush();
            return 0;
        }
        Backend backend =
                Backends.get(CommonOptions.resolve(runFile.experiment().engine()));
        Corpus corpus = runFile.experiment().data().load();
        return execute(stdout, stderr, runFile, backend, corpus, staged, true);
    }

    private int execute(
            PrintWriter stdout,
            PrintWriter stderr,
            RunFile runFile,
            Backend backend,
            Corpus corpus,
            StagedOutput staged,
            boolean resuming) {
        Path outDir = staged.target();
        Experiment experiment = runFile.experiment();
        Map<String, String> dataInfo = new LinkedHashMap<>(experiment.data().describe());
        ModelSpec spec =
                experiment.model().withVocabularySize(corpus.vocabulary().size());
        TrainingPlan plan = experiment.training();
        String what = runFile.config() ? "config " + runFile.name() : "preset " + runFile.name();
        stdout.println("longshort: " + (resuming ? "resuming " : "") + what + " on " + backend.describe() + ", data "
                + corpus + ", model folder " + outDir);
        if (!corpus.splitReports().isEmpty()) {
            stdout.println(SplitReport.describe(corpus.splitReports()));
        }
        if (runFile.config() && experiment.model().vocabularySize() != spec.vocabularySize()) {
            stdout.println(
                    "the config says vocabularySize " + experiment.model().vocabularySize() + ", the data has "
                            + spec.vocabularySize() + " words: using " + spec.vocabularySize());
        }
        if (corpus.oraclePerplexity().isPresent()) {
            stdout.println(String.format(
                    Locale.ROOT,
                    "built-in corpus: oracle perplexity %.2f (the floor), smoothed trigram %.2f",
                    corpus.oraclePerplexity().getAsDouble(),
                    corpus.trigramPerplexity().getAsDouble()));
        }
        stdout.println(Summary.of(spec, plan));
        stdout.flush();
        TrainingResult r;
        ConsoleReporter reporter = new ConsoleReporter(stdout).optRun(plan.epochs(), plan.maxSteps());
        LanguageModelTrainer trainer = new LanguageModelTrainer(backend, corpus, spec, plan, staged.dir())
                .optPreset(runFile.config() ? null : runFile.name())
                .optDataInfo(dataInfo)
                .optRunId(runFile.runId())
                .optCheckpointEvery(runFile.checkpointEvery())
                .optCheckpointInterval(runFile.checkpointInterval())
                .optKeepCheckpoints(runFile.keepCheckpoints())
                .optResume(resuming)
                .optOverwrite(options.overwrite)
                .optListener(TrainingListener.all(reporter, new MetricsChart(staged.dir(), name(outDir))));
        try (reporter;
                StopSignals signals = StopSignals.install(trainer::stop, stderr)) {
            r = trainer.train();
        } catch (TrainingStoppedException e) {
            // the run stays where it is, for --resume
            return stopped(e, outDir, stdout, stderr);
        } catch (RuntimeException | Error e) {
            staged.abort();
            throw e;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("engine", r.engine());
        if (runFile.config()) {
            json.put("config", runFile.name());
        } else {
            json.put("preset", runFile.name());
        }
        json.put("epochs", r.epochs());
        json.put("steps", r.steps());
        json.put("train_perplexity", r.trainPerplexity());
        json.put("valid_perplexity", r.validPerplexity());
        json.put("test_perplexity", r.test().perplexity());
        json.put("accuracy", r.test().accuracy());
        json.put("train_words_per_second", r.trainWordsPerSecond());
        json.put("model_dir", outDir.toAbsolutePath().normalize().toString());
        corpus.splitReports().forEach(report -> json.putAll(report.metrics()));
        if (corpus.oraclePerplexity().isPresent()) {
            json.put("oracle_perplexity", corpus.oraclePerplexity().getAsDouble());
            json.put("trigram_perplexity", corpus.trigramPerplexity().getAsDouble());
        }
        runFile.finish(json).write(staged.dir());
        staged.commit();
        stdout.println(resultLine(json));
        if (corpus.oraclePerplexity().isPresent()) {
            double oracle = corpus.oraclePerplexity().getAsDouble();
            double trigram = corpus.trigramPerplexity().getAsDouble();
            stdout.println(String.format(
                    Locale.ROOT,
                    "test perplexity %.2f is %.3fx the oracle floor %.2f; the smoothed trigram gets %.2f",
                    r.test().perplexity(),
                    r.test().perplexity() / oracle,
                    oracle,
                    trigram));
        }
        if (!r.test().sampleTrue().isEmpty()) {
            stdout.println(
                    Evaluator.formatSample(r.test().sampleTrue(), r.test().samplePredicted()));
        }
        stdout.println("model saved to " + outDir + (latestLink == null ? "" : LatestLink.point(latestLink, outDir)));
        if (common.json) {
            stdout.println(Json.line(json));
        }
        stdout.flush();
        return 0;
    }

    /**
     * Says where a run stopped by a signal stands and how to continue it; the reporter has ended
     * the bar's line by then.
     */
    private static int stopped(TrainingStoppedException e, Path outDir, PrintWriter stdout, PrintWriter stderr) {
        stdout.flush();
        stderr.println("longshort: stopped at " + e.position().describe()
                + e.checkpoint().map(c -> "; checkpoint saved in " + c).orElse("; nothing trained yet"));
        stderr.println("longshort: continue with: " + Launcher.command("train", "--resume", outDir.toString()));
        stderr.flush();
        return StopSignals.EXIT_CODE;
    }

    private static String name(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    private static String resultLine(Map<String, Object> r) {
        return String.format(
                Locale.ROOT,
                "train perplexity %.2f, valid perplexity %.2f, test perplexity %.2f, test accuracy %.3f,"
                        + " %.0f training words per second",
                number(r, "train_perplexity"),
                number(r, "valid_perplexity"),
                number(r, "test_perplexity"),
                number(r, "accuracy"),
                number(r, "train_words_per_second"));
    }

    private static double number(Map<String, Object> r, String key) {
        return r.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Makes the data paths absolute, so that a resumed run finds them from any folder. */
    private static DataSource absolute(DataSource source) {
        if (source instanceof DataSource.Ptb p) {
            return new DataSource.Ptb(p.folder().toAbsolutePath().normalize(), p.unknownWords());
        }
        if (source instanceof DataSource.TextFiles t) {
            return new DataSource.TextFiles(
                    t.train().toAbsolutePath().normalize(),
                    t.valid().toAbsolutePath().normalize(),
                    t.test().toAbsolutePath().normalize(),
                    t.tokenizer(),
                    t.unknownWords());
        }
        return source;
    }

    private String preset() {
        return preset != null ? preset : "small";
    }

    /** Returns the run: the --config file, or the preset on --data or the built-in corpus. */
    private Experiment experiment() {
        if (config == null) {
            Preset p = Presets.get(preset());
            DataSource source = data != null
                    ? DataSource.ptb(data)
                    : DataSource.builtin(corpusSeed != null ? corpusSeed : BuiltinCorpus.DEFAULT_SEED);
            return Experiment.of(p).withData(source);
        }
        for (Object[] clash : new Object[][] {{"--preset", preset}, {"--data", data}, {"--corpus-seed", corpusSeed}}) {
            if (clash[1] != null) {
                throw new LongshortException(clash[0] + " cannot be combined with --config: the file describes the"
                        + " model and the data; edit it instead (keys model and data).");
            }
        }
        if (!Files.isRegularFile(config)) {
            throw new LongshortException(
                    "Config file not found: " + config + "; write one with `longshort config --preset NAME > FILE`.");
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

    private void checkOut(Path outDir, Path checkpointRoot) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new LongshortException("--out " + outDir + " is a file, not a folder: choose another --out.");
        }
        if (!options.overwrite
                && (StagedOutput.resume(outDir).staged()
                        || (RunFile.exists(outDir) && !RunFile.read(outDir).finished())
                        || UnfinishedRun.in(outDir, checkpointRoot))) {
            throw new LongshortException("--out " + outDir + " holds an unfinished run: continue it with"
                    + " `longshort train --resume " + outDir + "`, or pass --overwrite to start again.");
        }
        boolean holdsModel = ModelFiles.isModel(outDir) || RunFile.exists(outDir);
        if (holdsModel && !options.overwrite) {
            throw new LongshortException("--out " + outDir
                    + " already holds a model: choose another --out, or pass --overwrite to replace it.");
        }
        try {
            Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new LongshortException(
                    "Cannot create the model folder " + outDir + " (" + io.longshort.core.Reasons.of(e)
                            + "): choose a writable --out.",
                    e);
        }
        if (!Files.isWritable(outDir)) {
            throw new LongshortException(
                    "The model folder " + outDir + " is not writable: choose a" + " writable --out.");
        }
    }
}

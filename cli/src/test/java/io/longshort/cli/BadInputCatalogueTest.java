package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.Durable;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.PtbReader;
import io.longshort.core.data.UnknownWords;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.LstmSelfCheck;
import io.longshort.core.inference.GenerationOptions;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.spec.Presets;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.dsl.LanguageModels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad input (issue 6, part 4): every case is one row of {@link #cases()}, run
 * through the command line or the Java API, and what must hold for each:
 *
 * <ul>
 *   <li>a command line case exits with code 2 and prints ONE line on standard error, starting
 *       {@code longshort: error: }, without an exception name or stack trace, holding the case's
 *       fragments; an API case throws a {@link LongshortException} whose message is one line
 *       holding them;
 *   <li>every file that existed before the case ran (the case's own files, the shared model and
 *       data) has the same bytes afterwards: nothing saved before is lost;
 *   <li>the message holds the case's <b>troubleshooting key</b>, the stable part of the message,
 *       and {@link #theReadmeTroubleshootingSectionMatchesTheCatalogue()} checks that the keys of
 *       the catalogue and the first column of the table under {@code ## Troubleshooting} in
 *       README.md are the same set.
 * </ul>
 *
 * <p>A few rows are "works" cases (Windows line ends, a 10 MB line, an empty prompt): inputs that
 * look odd but are fine, which must succeed; "warns" cases (text that is not PTB format, a config
 * whose vocabulary size the data overrides) must succeed and print one line holding their key.
 *
 * <p>To add a case: append a row to {@link #cases()} with {@code cli(...)}, {@code api(...)}, {@code warns(...)} or
 * {@code works(...)}; {@code .given(c -> ...)} prepares files in the case's own folder {@code
 * c.tmp()} (or a copy of the shared model, {@code c.modelCopy()}) before the snapshot of "files
 * present before" is taken. In fragments, {@code {tmp}} stands for the case's folder. If the key
 * is new, add a row {@code | `key` | what to do |} to README's Troubleshooting table; a key may be
 * shared by several cases.
 */
class BadInputCatalogueTest {

    private static final String PREFIX = "longshort: error: ";

    @TempDir
    static Path shared;

    /** A small PTB-format folder from the built-in grammar (no {@code <unk>} in it). */
    static Path data;
    /** The tiny preset trained on {@link #data} for a few windows. */
    static Path model;
    /** {@code longshort config --preset tiny}, as a JSON tree. */
    static JsonObject tinyConfig;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainOneTinyModel() throws Exception {
        data = shared.resolve("data");
        BuiltinCorpus.generate(7, 20_000, 2_000, 2_000).writePtbFiles(data);
        model = shared.resolve("model");
        Run run = CliTestSupport.run(
                "train", "--data", data.toString(), "--preset", "tiny", "--max-steps", "5", "--out", model.toString());
        assertEquals(0, run.code(), run.err());
        Run config = CliTestSupport.run("config", "--preset", "tiny");
        assertEquals(0, config.code(), config.err());
        tinyConfig = JsonParser.parseString(config.out()).getAsJsonObject();
        assertFalse(
                Files.readAllLines(model.resolve(ModelFiles.VOCABULARY)).contains(Vocabulary.UNK),
                "the grammar's vocabulary has no <unk>");
    }

    /** {@code longshort batch-score} of one input into the case's {@code out} folder. */
    private static String[] batchScore(Ctx c, String modelDir, String input) {
        return new String[] {"batch-score", "--model", modelDir, "--input", input, "--output", c.path("out")};
    }

    // ---------------------------------------------------------------------------------------
    // The catalogue
    // ---------------------------------------------------------------------------------------

    static Stream<Case> cases() {
        return Stream.of(
                // data folders and files
                cli(
                        "missing data folder",
                        "Data folder not found",
                        c -> train(c, "--data", c.path("nope")),
                        "{tmp}/nope",
                        "ptb.train.txt"),
                api(
                        "missing data folder (PtbReader)",
                        "Data folder not found",
                        c -> PtbReader.read(c.dir("nope"), UnknownWords.DROP),
                        "ptb.test.txt"),
                cli(
                                "--data names a split file, not its folder",
                                "is a file, not a folder",
                                c -> train(c, "--data", c.path("data/ptb.train.txt")),
                                "Data folder {tmp}/data/ptb.train.txt",
                                "probably {tmp}/data")
                        .given(Ctx::dataCopy),
                warns(
                                "README.md as the PTB splits trains, with a warning",
                                "does not look like PTB-format text",
                                c -> train(c, "--data", c.path("readme"), "--max-steps", "2"),
                                "{tmp}/readme/ptb.train.txt",
                                "have upper-case letters",
                                "hold punctuation PTB leaves out",
                                "and no <unk>")
                        .given(c -> {
                            Path d = Files.createDirectories(c.dir("readme"));
                            for (String s : PtbReader.SPLITS) {
                                Files.copy(readme(), PtbReader.splitFile(d, s));
                            }
                        }),
                cli(
                                "missing split file",
                                "Missing split file",
                                c -> train(c, "--data", c.path("data")),
                                "{tmp}/data/ptb.test.txt")
                        .given(c -> Files.delete(c.dataCopy().resolve("ptb.test.txt"))),
                cli("empty split file", "Empty data file", c -> train(c, "--data", c.path("data")), "ptb.valid.txt")
                        .given(c -> Files.writeString(c.dataCopy().resolve("ptb.valid.txt"), "")),
                api(
                                "empty training file (PtbReader)",
                                "Empty data file",
                                c -> PtbReader.read(c.dir("data"), UnknownWords.DROP),
                                "ptb.train.txt")
                        .given(c -> Files.writeString(c.dataCopy().resolve("ptb.train.txt"), " \n\n")),
                cli("binary file", "holds binary data", c -> train(c, "--data", c.path("data")), "ptb.train.txt")
                        .given(c -> Files.write(c.dataCopy().resolve("ptb.train.txt"), binary())),
                cli("invalid UTF-8", "is not UTF-8 text", c -> train(c, "--data", c.path("data")), "ptb.test.txt")
                        .given(c -> Files.write(
                                c.dataCopy().resolve("ptb.test.txt"),
                                "the caf\u00e9 <eos>\n".getBytes(StandardCharsets.ISO_8859_1))),
                works(
                                "Windows line ends train as Unix ones",
                                c -> train(c, "--data", c.path("data"), "--max-steps", "2"),
                                c -> {
                                    List<String> vocab =
                                            Files.readAllLines(c.dir("out").resolve(ModelFiles.VOCABULARY));
                                    assertTrue(vocab.contains(Vocabulary.EOS));
                                    assertTrue(vocab.stream().noneMatch(w -> w.contains("\r")), "no word holds \\r");
                                    assertEquals(
                                            Files.readAllLines(model.resolve(ModelFiles.VOCABULARY)),
                                            vocab,
                                            "the same vocabulary as from the Unix files");
                                })
                        .given(c -> {
                            Path d = c.dataCopy();
                            for (String s : PtbReader.SPLITS) {
                                Path f = PtbReader.splitFile(d, s);
                                Files.writeString(f, Files.readString(f).replace("\n", "\r\n"));
                            }
                        }),
                works(
                                "a 10 MB line in the training file trains",
                                c -> train(c, "--data", c.path("data"), "--max-steps", "2"),
                                c -> {})
                        .given(c -> {
                            Path train = c.dataCopy().resolve("ptb.train.txt");
                            String words =
                                    String.join(" ", Files.readAllLines(train)).replace("  ", " ");
                            StringBuilder line = new StringBuilder(10_500_000);
                            while (line.length() < 10_000_000) {
                                line.append(words).append(' ');
                            }
                            Files.writeString(train, line.append('\n'));
                        }),
                cli(
                                "corpus too short for one window",
                                "for this data with batchSize",
                                c -> train(c, "--data", c.path("data")),
                                "numSteps is 5",
                                "give more data")
                        .given(c -> {
                            Path d = Files.createDirectories(c.dir("data"));
                            for (String s : PtbReader.SPLITS) {
                                Files.writeString(PtbReader.splitFile(d, s), "the doctor helps\n");
                            }
                        }),
                api(
                        "corpus too short for one window (LanguageModelTrainer)",
                        "for this data with batchSize",
                        c -> {
                            Vocabulary v = Vocabulary.of(List.of("<eos>", "a", "b"));
                            int[] ids = {1, 2, 0, 1, 2, 0};
                            Corpus tiny = new Corpus(
                                    "six words", v, ids, ids, ids, OptionalDouble.empty(), OptionalDouble.empty());
                            new LanguageModelTrainer(
                                    Backends.get("pytorch"),
                                    tiny,
                                    Presets.tiny().model().withVocabularySize(3),
                                    Presets.tiny().training(),
                                    c.dir("out"));
                        },
                        "batchSize 4"),
                api(
                        "vocabulary of size zero (Vocabulary.of)",
                        "A vocabulary needs at least one word",
                        c -> Vocabulary.of(List.of())),
                cli(
                                "vocabulary of size zero (empty vocabulary.txt)",
                                "the model folder is damaged",
                                c -> predict(c.path("model"), "the"),
                                "vocabulary.txt has no words")
                        .given(c -> Files.writeString(c.modelCopy().resolve(ModelFiles.VOCABULARY), "")),
                api(
                                "vocabulary size other than model.json says",
                                "the model folder is damaged",
                                c -> ModelFiles.load(c.dir("model"), Backends.get("pytorch"))
                                        .close(),
                                "words but the model expects")
                        .given(c -> {
                            Path v = c.modelCopy().resolve(ModelFiles.VOCABULARY);
                            List<String> words = Files.readAllLines(v);
                            Files.write(v, words.subList(0, words.size() - 1));
                        }),
                api(
                        "vocabulary with a word twice",
                        "each word must appear once",
                        c -> Vocabulary.of(List.of("a", "<eos>", "a")),
                        "'a'"),

                // sizes and rates
                api(
                        "zero embedding size (DSL)",
                        "it must be at least 1",
                        c -> LanguageModels.fromPreset("tiny")
                                .setEmbeddingSize(0)
                                .build(),
                        "embeddingSize is 0"),
                api(
                        "negative hidden size (DSL)",
                        "it must be at least 1",
                        c -> LanguageModels.fromPreset("tiny")
                                .setHiddenSize(-16)
                                .build(),
                        "-16"),
                api(
                        "zero layers (DSL)",
                        "it must be at least 1",
                        c -> LanguageModels.model()
                                .setVocabularySize(10)
                                .setEmbeddingSize(8)
                                .setHiddenSize(8)
                                .optNumLayers(0)
                                .build(),
                        "numLayers is 0"),
                api(
                        "zero steps (DSL)",
                        "it must be at least 1",
                        c -> LanguageModels.fromPreset("tiny").optNumSteps(0).build(),
                        "numSteps is 0"),
                api(
                        "negative batch size (DSL)",
                        "it must be at least 1",
                        c -> LanguageModels.fromPreset("tiny").optBatchSize(-4).build(),
                        "batchSize is -4"),
                cli(
                                "zero embedding size (--config)",
                                "it must be at least 1",
                                c -> train(c, "--config", c.path("bad.json")),
                                "embeddingSize is 0")
                        .given(c -> c.config(cfg -> cfg.getAsJsonObject("model").addProperty("embeddingSize", 0))),
                cli(
                                "negative batch size (--config)",
                                "it must be at least 1",
                                c -> train(c, "--config", c.path("bad.json")),
                                "batchSize is -4")
                        .given(c -> c.config(cfg -> cfg.getAsJsonObject("model").addProperty("batchSize", -4))),
                cli(
                                "empty hiddenSizes (--config)",
                                "it must hold the size of each LSTM layer",
                                c -> train(c, "--config", c.path("bad.json")),
                                "hiddenSizes")
                        .given(c -> c.config(cfg -> cfg.getAsJsonObject("model").add("hiddenSizes", new JsonArray()))),
                api(
                        "dropout of 1 (DSL)",
                        "it must be in [0, 1)",
                        c -> LanguageModels.fromPreset("tiny").optDropout(1f).build(),
                        "dropout is 1.0"),
                api(
                        "keep probability 0, dropout 1 (DSL)",
                        "it must be in [0, 1)",
                        c -> LanguageModels.fromPreset("tiny")
                                .optKeepProbability(0f)
                                .build(),
                        "1.0"),
                api(
                        "negative dropout (DSL)",
                        "it must be in [0, 1)",
                        c -> LanguageModels.fromPreset("tiny")
                                .optInputDropout(-0.1f)
                                .build(),
                        "inputDropout is -0.1"),
                cli(
                                "dropout above 1 (--config)",
                                "it must be in [0, 1)",
                                c -> train(c, "--config", c.path("bad.json")),
                                "hiddenDropout is 1.5")
                        .given(c -> c.config(cfg -> cfg.getAsJsonObject("model").addProperty("hiddenDropout", 1.5))),
                cli("--max-steps 0", "it must be at least 1", c -> train(c, "--max-steps", "0"), "--max-steps is 0"),
                cli("--epochs 0", "it must be at least 1", c -> train(c, "--epochs", "0"), "--epochs is 0"),
                cli(
                        "--epochs not a number",
                        "Invalid value for option",
                        c -> train(c, "--epochs", "three"),
                        "--epochs",
                        "longshort train --help"),
                cli(
                        "unknown option",
                        "Unknown option",
                        c -> train(c, "--epoch", "3"),
                        "--epoch",
                        "longshort train --help"),
                cli(
                        "a required option mistyped: the typo, not the missing option",
                        "Unknown option",
                        c -> new String[] {"predict", "--modle", model.toString(), "the"},
                        "'--modle'",
                        "did you mean --model",
                        "longshort predict --help"),
                cli(
                        "an option mistyped gets the nearest ones",
                        "Unknown option",
                        c -> train(c, "--max-step", "20"),
                        "'--max-step'",
                        "did you mean --max-steps",
                        "longshort train --help"),
                cli(
                        "a command mistyped gets the nearest ones",
                        "Unmatched argument",
                        c -> new String[] {"trian"},
                        "'trian'",
                        "did you mean train",
                        "longshort --help"),

                // presets, engines, config files
                cli(
                        "unknown preset",
                        "Unknown preset",
                        c -> new String[] {"train", "--preset", "huge", "--out", c.path("out")},
                        "'huge'",
                        "small"),
                api(
                        "unknown preset (DSL Presets.get)",
                        "Unknown preset",
                        c -> io.longshort.dsl.Presets.get("Huge"),
                        "tiny",
                        "medium"),
                cli(
                        "unknown engine",
                        "Unknown engine",
                        c -> train(c, "--engine", "tensorflow"),
                        "'tensorflow'",
                        "[mxnet, pytorch]",
                        "--engine"),
                api("unknown engine (Backends.get)", "Unknown engine", c -> Backends.get("onnx"), "'onnx'", "pytorch"),
                api(
                        "an engine whose LSTM fails its self-check, no safe path (LstmSelfCheck)",
                        "LSTM failed its self-check",
                        c -> LstmSelfCheck.verify(Backends.get("mxnet"), List.of(), "fail-all"),
                        "The mxnet engine's",
                        "choose another engine",
                        "LONGSHORT_ENGINE"),
                api(
                        "unknown value of -Dlongshort.selfcheck (LstmSelfCheck)",
                        "of the system property longshort.selfcheck",
                        c -> LstmSelfCheck.verify(Backends.get("mxnet"), List.of(), "yes"),
                        "'yes'",
                        "fail-all"),
                cli(
                        "config file missing",
                        "Config file not found",
                        c -> train(c, "--config", c.path("none.json")),
                        "{tmp}/none.json",
                        "longshort config"),
                cli(
                                "malformed config JSON",
                                "is not valid JSON",
                                c -> train(c, "--config", c.path("bad.json")),
                                "{tmp}/bad.json")
                        .given(c ->
                                Files.writeString(c.tmp().resolve("bad.json"), "{\"model\": {\"embeddingSize\": 16,")),
                cli(
                                "unknown key in config",
                                "is not a setting here",
                                c -> train(c, "--config", c.path("bad.json")),
                                "hiddenSize",
                                "hiddenSizes")
                        .given(c -> c.config(cfg -> cfg.getAsJsonObject("model").addProperty("hiddenSize", 16))),
                warns(
                                "a config's vocabularySize that the data overrides",
                                "the config says vocabularySize",
                                c -> new String[] {
                                    "train", "--config", c.path("bad.json"), "--out", c.path("out"), "--max-steps", "2"
                                },
                                "vocabularySize 10000, the data has",
                                "words: using")
                        .given(c -> c.config(cfg -> {
                            cfg.getAsJsonObject("model").addProperty("vocabularySize", 10000);
                            JsonObject ptb = new JsonObject();
                            ptb.addProperty("kind", "ptb");
                            ptb.addProperty("path", data.toString());
                            cfg.add("data", ptb);
                        })),
                cli(
                                "--config with --preset",
                                "cannot be combined with --config",
                                c -> train(c, "--config", c.path("bad.json"), "--preset", "tiny"),
                                "--preset")
                        .given(c -> c.config(cfg -> {})),

                // model folders
                cli(
                                "--model is not a model folder",
                                "is not a longshort model folder",
                                c -> predict(c.path("empty"), "the"),
                                "model.json")
                        .given(c -> Files.createDirectories(c.tmp().resolve("empty"))),
                api(
                        "not a model folder (LanguageModel.load)",
                        "is not a longshort model folder",
                        c -> LanguageModel.load(c.tmp(), "pytorch")),
                cli(
                                "--model names model.json, not its folder",
                                "is a file, not a folder",
                                c -> predict(c.path("model/model.json"), "the"),
                                "Model folder {tmp}/model/model.json",
                                "({tmp}/model?)")
                        .given(Ctx::modelCopy),
                cli(
                                "model.json written by another tool",
                                "is not a longshort model record",
                                c -> predict(c.path("model"), "the"),
                                "{tmp}/model/model.json",
                                "another tool wrote it")
                        .given(c -> Files.writeString(
                                c.modelCopy().resolve(ModelFiles.RECORD), "{\"name\": \"gpt\", \"version\": 2}\n")),
                cli(
                        "--model folder missing",
                        "Model folder not found",
                        c -> new String[] {"test", "--model", c.path("gone")},
                        "{tmp}/gone"),
                cli(
                                "truncated parameters.params",
                                "Cannot read the parameters in",
                                c -> predict(c.path("model"), "the"),
                                "parameters.params",
                                "ends too early")
                        .given(c -> truncate(c.modelCopy().resolve(ModelFiles.PARAMETERS))),
                api(
                                "truncated parameters.params (ModelFiles.load)",
                                "Cannot read the parameters in",
                                c -> ModelFiles.load(c.dir("model"), Backends.get("mxnet"))
                                        .close(),
                                "parameters.params")
                        .given(c -> truncate(c.modelCopy().resolve(ModelFiles.PARAMETERS))),
                cli(
                                "model.json spec incompatible with parameters.params",
                                "Cannot read the parameters in",
                                c -> predict(c.path("model"), "the"),
                                "another model spec")
                        .given(c -> c.editRecord(r -> {
                            JsonArray sizes = new JsonArray();
                            sizes.add(32);
                            sizes.add(32);
                            r.getAsJsonObject("model").add("hiddenSizes", sizes);
                        })),
                cli(
                                "model.json of an unknown format version",
                                "Unsupported model folder version",
                                c -> predict(c.path("model"), "the"),
                                "99")
                        .given(c -> c.editRecord(r -> r.addProperty("formatVersion", 99))),
                cli(
                                "model.json cut short",
                                "the model folder is damaged",
                                c -> predict(c.path("model"), "the"),
                                "model.json")
                        .given(c -> truncate(c.modelCopy().resolve(ModelFiles.RECORD))),
                // checkpoints and --resume (the shared model's run has one checkpoint, after step 5)
                cli(
                                "bit flipped in a checkpoint",
                                "is damaged",
                                c -> predict(checkpoint(c.dir("model")), "the"),
                                "parameters.params does not match its SHA-256",
                                "use an earlier checkpoint")
                        .given(c -> flipOneBit(checkpoint(c.modelCopy()).resolve(ModelFiles.PARAMETERS))),
                cli(
                                "truncated checkpoint",
                                "is damaged",
                                c -> predict(checkpoint(c.dir("model")), "the"),
                                "vocabulary.txt does not match")
                        .given(c -> truncate(checkpoint(c.modelCopy()).resolve(ModelFiles.VOCABULARY))),
                api(
                                "a folder that is not a checkpoint (CheckpointStore.verify)",
                                "is not a checkpoint",
                                c -> CheckpointStore.verify(c.dir("model")),
                                "no manifest.json")
                        .given(Ctx::modelCopy),
                cli(
                                "--resume, every checkpoint damaged",
                                "No usable checkpoint",
                                c -> new String[] {"train", "--resume", c.path("model")},
                                "parameters.params does not match",
                                "delete the damaged step-N folders")
                        .given(c -> {
                            unfinish(c.modelCopy());
                            flipOneBit(checkpoint(c.dir("model")).resolve(ModelFiles.PARAMETERS));
                        }),
                cli(
                                "--resume of a folder that holds no run",
                                "holds no run to resume",
                                c -> new String[] {"train", "--resume", c.path("plain")},
                                "no run.json")
                        .given(c -> Files.createDirectories(c.dir("plain"))),
                cli(
                        "--resume with other settings",
                        "cannot be combined with --resume",
                        c -> new String[] {"train", "--resume", model.toString(), "--epochs", "3"},
                        "--epochs",
                        "run.json"),
                cli(
                                "--out holds an unfinished run",
                                "holds an unfinished run",
                                c -> train(c, "--data", data.toString(), "--out", c.path("model")),
                                "longshort train --resume {tmp}/model",
                                "--overwrite")
                        .given(c -> unfinish(c.modelCopy())),
                api(
                                "an unfinished run in the trainer's folder (LanguageModelTrainer)",
                                "holds an unfinished run",
                                c -> {
                                    Corpus corpus = PtbReader.read(data, UnknownWords.DROP);
                                    new LanguageModelTrainer(
                                                    Backends.get("pytorch"),
                                                    corpus,
                                                    Presets.tiny()
                                                            .model()
                                                            .withVocabularySize(corpus.vocabulary()
                                                                    .size()),
                                                    Presets.tiny().training(),
                                                    c.dir("model"))
                                            .train();
                                },
                                "{tmp}/model holds an unfinished run",
                                "optResume(true)",
                                "optOverwrite(true)")
                        .given(c -> Files.delete(c.modelCopy().resolve(ModelFiles.RECORD))),
                cli(
                                "test on an unfinished run",
                                "is an unfinished run",
                                c -> new String[] {"test", "--model", c.path("model")},
                                "`longshort train --resume {tmp}/model`",
                                "--model {tmp}/model/checkpoints/step-")
                        .given(c -> {
                            unfinish(c.modelCopy());
                            Files.delete(c.dir("model").resolve(ModelFiles.RECORD));
                        }),
                cli(
                                "predict on an unfinished run with no checkpoint yet",
                                "is an unfinished run",
                                c -> predict(c.path("model"), "the"),
                                "no model or checkpoint yet",
                                "`longshort train --resume {tmp}/model`")
                        .given(c -> {
                            unfinish(c.modelCopy());
                            Files.delete(c.dir("model").resolve(ModelFiles.RECORD));
                            Durable.deleteTree(c.dir("model").resolve("checkpoints"));
                        }),
                cli(
                        "--checkpoint-minutes negative",
                        "it must be 0 (no time-based checkpoints) or more",
                        c -> train(c, "--data", data.toString(), "--checkpoint-minutes", "-1"),
                        "--checkpoint-minutes is -1.0"),
                api(
                        "a negative checkpoint interval (optCheckpointInterval)",
                        "it must be 0 (no time-based checkpoints) or more",
                        c -> {
                            Corpus corpus = PtbReader.read(data, UnknownWords.DROP);
                            new LanguageModelTrainer(
                                            Backends.get("pytorch"),
                                            corpus,
                                            Presets.tiny()
                                                    .model()
                                                    .withVocabularySize(
                                                            corpus.vocabulary().size()),
                                            Presets.tiny().training(),
                                            c.dir("out"))
                                    .optCheckpointInterval(Duration.ofMinutes(-1));
                        },
                        "optCheckpointInterval is PT-1M"),
                cli(
                        "--checkpoint-every negative",
                        "it must be 0 (epoch ends only) or more",
                        c -> train(c, "--data", data.toString(), "--checkpoint-every", "-5"),
                        "--checkpoint-every is -5"),
                cli(
                        "--keep-checkpoints 0",
                        "it must be at least 1",
                        c -> train(c, "--data", data.toString(), "--keep-checkpoints", "0"),
                        "--keep-checkpoints is 0"),

                // output folders
                cli(
                                "--out is a file",
                                "is a file, not a folder",
                                c -> train(c, "--data", data.toString(), "--out", c.path("taken")),
                                "choose another --out")
                        .given(c -> Files.writeString(c.tmp().resolve("taken"), "keep me\n")),
                cli(
                                "--out under a file (not writable)",
                                "Cannot create the model folder",
                                c -> train(c, "--data", data.toString(), "--out", c.path("file/out")),
                                "Not a directory",
                                "choose a writable --out")
                        .given(c -> Files.writeString(c.tmp().resolve("file"), "keep me\n")),
                api(
                        "full disk while saving over a model (ModelFiles.save)",
                        "Cannot write the model to",
                        BadInputCatalogueTest::saveOnAFullDisk,
                        "out of disk space",
                        "the disk has room"),
                cli(
                                "--out already holds a model",
                                "already holds a model",
                                c -> train(c, "--data", data.toString(), "--out", c.path("model")),
                                "--overwrite")
                        .given(Ctx::modelCopy),
                cli(
                                "--overwrite, then the data is missing",
                                "Data folder not found",
                                c -> train(c, "--data", c.path("nope"), "--out", c.path("model"), "--overwrite"),
                                "{tmp}/nope")
                        .given(Ctx::modelCopy),
                cli(
                                "--overwrite, then training diverges",
                                "Training diverged",
                                c -> new String[] {
                                    "train",
                                    "--config",
                                    c.path("bad.json"),
                                    "--out",
                                    c.path("model"),
                                    "--overwrite",
                                    "--max-steps",
                                    "20"
                                },
                                "lower the learning rate")
                        .given(c -> {
                            c.modelCopy();
                            c.config(cfg -> {
                                cfg.getAsJsonObject("training").addProperty("learningRate", 1e30);
                                cfg.getAsJsonObject("training").addProperty("maxGradNorm", 1e30);
                                JsonObject ptb = new JsonObject();
                                ptb.addProperty("kind", "ptb");
                                ptb.addProperty("path", data.toString());
                                cfg.add("data", ptb);
                            });
                        }),

                // using a model
                cli(
                        "unknown word in a prompt, no <unk>",
                        "is not in the model's vocabulary",
                        c -> predict(model, "the", "xyzzy"),
                        "'xyzzy'",
                        "no <unk>"),
                api(
                        "unknown word in a scored text, no <unk> (LanguageModel.score)",
                        "is not in the model's vocabulary",
                        c -> {
                            try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
                                lm.score("the quux\n");
                            }
                        },
                        "'quux'"),
                cli(
                                "a 10 MB line without spaces in a scored text",
                                "is not in the model's vocabulary",
                                c -> new String[] {"score", "--model", model.toString(), c.path("long.txt")},
                                "(10000000 characters)")
                        .given(c -> Files.writeString(c.tmp().resolve("long.txt"), "x".repeat(10_000_000) + "\n")),
                // (scoring a 10 MB line of known words works too, but takes about 25 s: 1.8 million words)
                works(
                        "empty prompt: predict starts a sentence",
                        c -> new String[] {"predict", "--model", model.toString(), "-k", "3"},
                        c -> {}),
                works(
                        "empty prompt: generate starts a sentence",
                        c -> new String[] {
                            "generate", "--model", model.toString(), "--prompt", "", "--words", "3", "--seed", "1"
                        },
                        c -> {}),
                cli(
                                "empty text to score",
                                "has no words to score",
                                c -> new String[] {"score", "--model", model.toString(), c.path("empty.txt")},
                                "{tmp}/empty.txt")
                        .given(c -> Files.writeString(c.tmp().resolve("empty.txt"), "  \t ")),
                cli(
                                "score --each-line: no non-blank line",
                                "has no lines to score",
                                c -> new String[] {
                                    "score", "--model", model.toString(), "--each-line", c.path("blank.txt")
                                },
                                "{tmp}/blank.txt")
                        .given(c -> Files.writeString(c.tmp().resolve("blank.txt"), "\n  \n\t\n")),
                cli(
                                "score --each-line: not UTF-8",
                                "as UTF-8 text",
                                c -> new String[] {
                                    "score", "--model", model.toString(), "--each-line", c.path("latin1.bin")
                                },
                                "{tmp}/latin1.bin")
                        .given(c ->
                                Files.write(c.tmp().resolve("latin1.bin"), new byte[] {'a', ' ', (byte) 0xE9, '\n'})),
                cli(
                        "text to score not found",
                        "File not found",
                        c -> new String[] {"score", "--model", model.toString(), c.path("none.txt")},
                        "{tmp}/none.txt"),
                cli(
                                "batch-score: model folder not found",
                                "Model folder not found",
                                c -> batchScore(c, c.path("nomodel"), c.path("in.txt")),
                                "{tmp}/nomodel")
                        .given(c -> Files.writeString(c.tmp().resolve("in.txt"), "the\n")),
                cli(
                        "batch-score: input not found",
                        "Input not found",
                        c -> batchScore(c, model.toString(), c.path("none.txt")),
                        "{tmp}/none.txt"),
                cli(
                                "batch-score: output folder exists",
                                "Output folder exists",
                                c -> batchScore(c, model.toString(), c.path("in.txt")),
                                "{tmp}/out",
                                "--overwrite")
                        .given(c -> {
                            Files.writeString(c.tmp().resolve("in.txt"), "the\n");
                            Files.writeString(
                                    Files.createDirectories(c.tmp().resolve("out"))
                                            .resolve("keep.txt"),
                                    "kept");
                        }),
                cli(
                                "batch-score: three bucket percentiles",
                                "give two increasing percentiles",
                                c -> new String[] {
                                    "batch-score",
                                    "--model",
                                    model.toString(),
                                    "--input",
                                    c.path("in.txt"),
                                    "--output",
                                    c.path("out"),
                                    "--buckets",
                                    "30,60,90"
                                },
                                "--buckets has 3")
                        .given(c -> Files.writeString(c.tmp().resolve("in.txt"), "the\n")),
                cli(
                        "predict -k 0",
                        "ask for at least 1 word",
                        c -> new String[] {"predict", "--model", model.toString(), "-k", "0", "the"},
                        "-k is 0"),
                cli(
                        "negative temperature",
                        "the temperature must be",
                        c -> generate("--temperature", "-1"),
                        "--temperature is -1"),
                api(
                        "negative temperature (GenerationOptions)",
                        "the temperature must be",
                        c -> GenerationOptions.builder().optTemperature(-0.5).build(),
                        "optTemperature(-0.5)"),
                cli("top-p 0", "p must be in (0, 1]", c -> generate("--top-p", "0"), "--top-p is 0"),
                cli("top-p above 1", "p must be in (0, 1]", c -> generate("--top-p", "1.5"), "--top-p is 1.5"),
                api(
                        "negative top-p (GenerationOptions)",
                        "p must be in (0, 1]",
                        c -> GenerationOptions.builder().optTopP(-0.2).build(),
                        "optTopP(-0.2)"),
                cli(
                        "negative top-k",
                        "k must be 0 (no limit) or more",
                        c -> generate("--top-k", "-3"),
                        "--top-k is -3"),
                cli("--words 0", "the limit must be at least 1", c -> generate("--words", "0"), "--words is 0"),
                // serve
                cli(
                        "serve: model folder missing",
                        "Model folder not found",
                        c -> new String[] {"serve", "--model", c.path("nope"), "--port", "0"},
                        "{tmp}/nope"),
                cli(
                        "serve: port in use",
                        "Cannot listen on",
                        c -> new String[] {"serve", "--model", model.toString(), "--port", Integer.toString(busyPort())
                        },
                        "127.0.0.1:",
                        "--port"),
                cli(
                        "serve --batch-size 0",
                        "it must be at least 1",
                        c -> new String[] {"serve", "--model", model.toString(), "--batch-size", "0"},
                        "--batch-size is 0"),
                cli(
                        "serve --workers 0",
                        "it must be at least 1",
                        c -> new String[] {"serve", "--model", model.toString(), "--workers", "0"},
                        "--workers is 0"));
    }

    private static ServerSocket busy;

    /** A loopback port this JVM holds open for the rest of the run. */
    private static synchronized int busyPort() {
        if (busy == null) {
            try {
                busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return busy.getLocalPort();
    }

    // ---------------------------------------------------------------------------------------
    // Running a case
    // ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputGivesOneLineNamingTheProblemAndTheFix(Case k) throws Exception {
        Ctx c = new Ctx(tmp);
        k.setup().accept(c);
        Map<Path, String> before = snapshot(tmp, model, data);
        if (k.warning()) {
            String[] args = k.cli().apply(c);
            Run run = runCapturingLogs(args);
            assertEquals(0, run.code(), "should work, with a warning; stderr: " + run.err());
            String line = (run.out() + run.err())
                    .lines()
                    .filter(l -> l.contains(k.key()))
                    .findFirst()
                    .orElse("(no line holds the key) " + run.out() + run.err());
            assertFragments(c, k, line);
        } else if (k.cli() != null) {
            Run run = CliTestSupport.run(k.cli().apply(c));
            if (k.key() == null) {
                assertEquals(0, run.code(), "should work; stderr: " + run.err());
                k.check().accept(c);
            } else {
                String err = assertOneLineError(run);
                assertFragments(c, k, err);
            }
        } else {
            try {
                k.api().accept(c);
                fail("expected a LongshortException");
            } catch (LongshortException e) {
                String message = e.getMessage();
                assertNotNull(message);
                assertFalse(message.contains("\n") || message.contains("\r"), "one line expected, got: " + message);
                assertFalse(message.contains("Exception"), "no exception name: " + message);
                assertFragments(c, k, message);
            }
        }
        assertUnchanged(before);
        try (Stream<Path> left = Files.list(tmp)) {
            assertTrue(
                    left.noneMatch(p -> p.getFileName().toString().endsWith(".new")),
                    "a failed --overwrite run (without checkpoints) removes its unfinished new model");
        }
    }

    @Test
    void overwriteReplacesTheModelWhenTrainingSucceeds() throws Exception {
        Path out = new Ctx(tmp).modelCopy();
        Files.writeString(out.resolve("notes.txt"), "mine\n");
        Run run = CliTestSupport.run(
                "train",
                "--data",
                data.toString(),
                "--preset",
                "tiny",
                "--max-steps",
                "2",
                "--seed",
                "7",
                "--out",
                out.toString(),
                "--overwrite",
                "--json");
        assertEquals(0, run.code(), run.err());
        assertEquals(2, run.json().get("steps").getAsLong());
        assertEquals(2, ModelFiles.readRecord(out).stepsCompleted(), "the new model.json");
        assertEquals(7, ModelFiles.readRecord(out).training().seed());
        assertFalse(
                Arrays.equals(
                        Files.readAllBytes(model.resolve(ModelFiles.PARAMETERS)),
                        Files.readAllBytes(out.resolve(ModelFiles.PARAMETERS))),
                "new parameters");
        assertTrue(Files.isRegularFile(checkpoint(out).resolve(ModelFiles.RECORD)));
        assertEquals(2, CheckpointStore.verify(checkpoint(out)).manifest().step(), "the new run's checkpoint");
        assertEquals("mine\n", Files.readString(out.resolve("notes.txt")), "other files are left alone");
        try (Stream<Path> left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".new")), "no staging folder left");
        }
        LanguageModel.load(out, "pytorch").close();
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run quiet = CliTestSupport.run("predict", "--model", tmp.toString(), "the");
        assertOneLineError(quiet);
        Run run = CliTestSupport.run("predict", "--model", tmp.toString(), "--verbose", "the");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith(PREFIX + quiet.err().strip().substring(PREFIX.length())), run.err());
        assertTrue(run.err().contains("\tat io.longshort"), run.err());
    }

    @Test
    void theReadmeTroubleshootingSectionMatchesTheCatalogue() throws IOException {
        Set<String> documented = troubleshootingKeys();
        Set<String> used = new LinkedHashSet<>();
        cases().filter(k -> k.key() != null).forEach(k -> used.add(k.key()));
        Set<String> undocumented = new LinkedHashSet<>(used);
        undocumented.removeAll(documented);
        Set<String> unused = new LinkedHashSet<>(documented);
        unused.removeAll(used);
        assertTrue(undocumented.isEmpty(), "keys missing from README's Troubleshooting table: " + undocumented);
        assertTrue(unused.isEmpty(), "README Troubleshooting rows that no catalogue case produces: " + unused);
        assertTrue(cases().count() >= 25, "at least 25 cases");
    }

    /** The keys of README's Troubleshooting table: the first cell of each row, in backticks. */
    static Set<String> troubleshootingKeys() throws IOException {
        String text = Files.readString(readme(), StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Troubleshooting\n");
        assertTrue(start >= 0, "README.md has a '## Troubleshooting' section");
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(section);
        while (m.find()) {
            assertTrue(keys.add(m.group(1)), "README lists `" + m.group(1) + "` twice");
        }
        assertFalse(keys.isEmpty(), "the Troubleshooting section has a table");
        return keys;
    }

    /**
     * Runs the command line and adds what SLF4J's simple logger printed on {@code System.err} to
     * the standard error of the run, where a user sees the warnings.
     */
    private static Run runCapturingLogs(String[] args) {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            Run run = CliTestSupport.run(args);
            return new Run(run.code(), run.out(), run.err() + logs.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(before);
        }
    }

    /** The repository's README.md, from the module folder or the repository root. */
    static Path readme() {
        Path readme = Path.of("README.md");
        return Files.isRegularFile(readme) ? readme : Path.of("..", "README.md");
    }

    private static String assertOneLineError(Run run) {
        assertEquals(2, run.code(), "exit code; stdout: " + run.out() + "; stderr: " + run.err());
        String err = run.err().strip();
        assertFalse(err.contains("\n"), "one line expected, got: " + err);
        assertTrue(err.startsWith(PREFIX), err);
        assertFalse(err.contains("Exception"), "no stack trace or exception name: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.length() < 1000, "a line a person can read, not " + err.length() + " characters");
        return err;
    }

    private static void assertFragments(Ctx c, Case k, String message) {
        assertTrue(message.contains(k.key()), "troubleshooting key '" + k.key() + "' in: " + message);
        for (String f : k.fragments()) {
            String expected = f.replace("{tmp}", c.tmp().toString());
            assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        }
    }

    /** SHA-256 of every regular file under the given folders. */
    private static Map<Path, String> snapshot(Path... roots) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.put(f, sha256(f));
                }
            }
        }
        return out;
    }

    private static void assertUnchanged(Map<Path, String> before) throws IOException {
        List<String> lost = new ArrayList<>();
        for (Map.Entry<Path, String> e : before.entrySet()) {
            if (!Files.isRegularFile(e.getKey())) {
                lost.add(e.getKey() + " (gone)");
            } else if (!sha256(e.getKey()).equals(e.getValue())) {
                lost.add(e.getKey() + " (changed)");
            }
        }
        assertTrue(lost.isEmpty(), "files saved before were lost: " + lost);
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Helpers of the catalogue
    // ---------------------------------------------------------------------------------------

    /** {@code train} with the tiny preset into {@code {tmp}/out} unless the arguments say otherwise. */
    private static String[] train(Ctx c, String... args) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(Arrays.asList(args));
        if (!all.contains("--preset") && !all.contains("--config")) {
            all.addAll(List.of("--preset", "tiny"));
        }
        if (!all.contains("--out")) {
            all.addAll(List.of("--out", c.path("out")));
        }
        return all.toArray(String[]::new);
    }

    private static String[] predict(String modelDir, String... context) {
        List<String> all = new ArrayList<>(List.of("predict", "--model", modelDir));
        all.addAll(Arrays.asList(context));
        return all.toArray(String[]::new);
    }

    private static String[] predict(Path modelDir, String... context) {
        return predict(modelDir.toString(), context);
    }

    private static String[] generate(String... args) {
        List<String> all = new ArrayList<>(List.of("generate", "--model", model.toString(), "--seed", "1"));
        all.addAll(Arrays.asList(args));
        if (!all.contains("--words")) {
            all.addAll(List.of("--words", "3"));
        }
        return all.toArray(String[]::new);
    }

    /** Bytes that are valid UTF-8 but hold NULs, like most binary files. */
    private static byte[] binary() {
        byte[] b = new byte[4096];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 128);
        }
        return b;
    }

    /** The newest checkpoint of a model folder's run. */
    private static Path checkpoint(Path modelDir) throws IOException {
        try (Stream<Path> list = Files.list(modelDir.resolve("checkpoints"))) {
            return list.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
    }

    private static void flipOneBit(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 0x04;
        Files.write(file, bytes);
    }

    /** Makes a finished run's folder look like a run that was killed: run.json without results. */
    private static void unfinish(Path runDir) throws IOException {
        Path file = runDir.resolve("run.json");
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        json.remove("result");
        Files.writeString(file, json.toString());
    }

    private static void truncate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    }

    /**
     * Saves the shared model onto a small in-memory file system, fills the disk, and saves again
     * into the same folder: the second save must fail with a clear message, leaving the first
     * save's files as they were.
     */
    private static void saveOnAFullDisk(Ctx c) throws Exception {
        long params = Files.size(model.resolve(ModelFiles.PARAMETERS));
        Configuration config = Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix")
                .setBlockSize(4096)
                .setMaxSize(3 * params + 64 * 4096)
                .build();
        try (FileSystem fs = Jimfs.newFileSystem(config);
                ModelFiles.SavedModel saved = ModelFiles.load(model, Backends.get("pytorch"))) {
            Path dir = fs.getPath("/models/m");
            ModelFiles.save(dir, saved.network(), saved.vocabulary(), saved.record());
            Map<String, byte[]> before = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    before.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
            try (OutputStream filler = Files.newOutputStream(fs.getPath("/filler"), StandardOpenOption.CREATE_NEW)) {
                byte[] block = new byte[4096];
                while (true) {
                    filler.write(block);
                }
            } catch (IOException full) {
                // the disk is full now
            }
            try {
                ModelFiles.save(dir, saved.network(), saved.vocabulary(), saved.record());
                fail("saving onto a full disk should fail");
            } catch (LongshortException e) {
                for (Map.Entry<String, byte[]> f : before.entrySet()) {
                    assertTrue(
                            Arrays.equals(f.getValue(), Files.readAllBytes(dir.resolve(f.getKey()))),
                            f.getKey() + " survives the failed save");
                }
                try (Stream<Path> left = Files.list(dir)) {
                    assertTrue(
                            left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                            "the failed save removes its temporary files");
                }
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // The case type
    // ---------------------------------------------------------------------------------------

    /** What a case sees: its own folder, and copies of the shared model and data on demand. */
    record Ctx(Path tmp) {
        String path(String name) {
            return tmp.resolve(name).toString();
        }

        Path dir(String name) {
            return tmp.resolve(name);
        }

        /** Copies the shared model to {@code {tmp}/model}. */
        Path modelCopy() throws IOException {
            return copy(model, tmp.resolve("model"));
        }

        /** Copies the shared data to {@code {tmp}/data}. */
        Path dataCopy() throws IOException {
            return copy(data, tmp.resolve("data"));
        }

        /** Writes {@code {tmp}/bad.json}: the tiny preset's config, edited. */
        void config(Edit edit) throws IOException {
            JsonObject cfg = tinyConfig.deepCopy();
            edit.apply(cfg);
            Files.writeString(tmp.resolve("bad.json"), cfg.toString());
        }

        /** Copies the model and edits the copy's {@code model.json}. */
        void editRecord(Edit edit) throws IOException {
            Path record = modelCopy().resolve(ModelFiles.RECORD);
            JsonObject json = JsonParser.parseString(Files.readString(record)).getAsJsonObject();
            edit.apply(json);
            Files.writeString(record, json.toString());
        }

        private static Path copy(Path from, Path to) throws IOException {
            if (!Files.isDirectory(to)) {
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.toList()) {
                        Path target = to.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target);
                        }
                    }
                }
            }
            return to;
        }
    }

    interface Edit {
        void apply(JsonObject json) throws IOException;
    }

    interface Step {
        void accept(Ctx c) throws Exception;
    }

    interface Args {
        String[] apply(Ctx c) throws Exception;
    }

    /**
     * One row of the catalogue.
     *
     * @param name what is wrong
     * @param key the troubleshooting key: the stable part of the message, listed in README; null
     *     for a case that must work
     * @param setup prepares the case's files before the snapshot
     * @param cli the command line, or null for an API case
     * @param api the API call, for an API case
     * @param fragments what else the message must hold ({@code {tmp}}: the case's folder)
     * @param check what must hold after a case that works
     * @param warning whether the case works and warns, the key being the warning's
     */
    record Case(
            String name,
            String key,
            Step setup,
            Args cli,
            Step api,
            List<String> fragments,
            Step check,
            boolean warning) {
        Case given(Step s) {
            return new Case(name, key, s, cli, api, fragments, check, warning);
        }

        @Override
        public String toString() {
            return (cli != null ? "cli: " : "api: ") + name;
        }
    }

    static Case cli(String name, String key, Args args, String... fragments) {
        return new Case(name, key, c -> {}, args, null, List.of(fragments), null, false);
    }

    static Case api(String name, String key, Step call, String... fragments) {
        return new Case(name, key, c -> {}, null, call, List.of(fragments), null, false);
    }

    static Case works(String name, Args args, Step check) {
        return new Case(name, null, c -> {}, args, null, List.of(), check, false);
    }

    /** A command that works but warns: exit 0, and a line of its output holds the key and fragments. */
    static Case warns(String name, String key, Args args, String... fragments) {
        return new Case(name, key, c -> {}, args, null, List.of(fragments), null, true);
    }
}

package io.longshort.it;

import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.Corpora;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.train.LanguageModelTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Small trained models for the tests that use a model: the tiny preset, a few windows. */
public final class TestModels {

    /** The windows a {@link #sharedTiny shared tiny model} is trained for. */
    public static final long SHARED_STEPS = 40;

    private static BuiltinCorpus generated;
    private static Corpus builtin;
    private static Path sharedRoot;
    private static final Map<String, Path> SHARED = new HashMap<>();

    private TestModels() {}

    /** The built-in corpus of the default seed, generated once per JVM. */
    static synchronized BuiltinCorpus generated() {
        if (generated == null) {
            generated = BuiltinCorpus.generate(BuiltinCorpus.DEFAULT_SEED);
        }
        return generated;
    }

    public static synchronized Corpus builtin() {
        if (builtin == null) {
            builtin = Corpora.fromBuiltin(generated());
        }
        return builtin;
    }

    /** The first {@code n} words of the built-in corpus's test split. */
    public static List<String> testWords(int n) {
        return generated().test().subList(0, n);
    }

    /**
     * Trains the tiny preset on the built-in corpus.
     *
     * @param dir the model folder
     * @param engine the engine
     * @param steps the windows to train
     * @param batchOneTest whether to test as the CLI does (batch 1), else with batch 20 (faster)
     * @return the folder
     */
    public static Path tinyBuiltin(Path dir, String engine, long steps, boolean batchOneTest) {
        Corpus corpus = builtin();
        Preset p = Presets.tiny();
        ModelSpec spec = p.model().withVocabularySize(corpus.vocabulary().size());
        LanguageModelTrainer trainer = new LanguageModelTrainer(
                        Backends.get(engine), corpus, spec, p.training().withMaxSteps(steps), dir)
                .optPreset("tiny")
                .optDataInfo(Map.of("kind", "builtin", "seed", Long.toString(BuiltinCorpus.DEFAULT_SEED)));
        if (!batchOneTest) {
            trainer.optTestWindow(20, spec.numSteps());
        }
        trainer.train();
        return dir;
    }

    /**
     * A tiny model trained on the built-in corpus for {@value #SHARED_STEPS} windows, once per JVM
     * for each engine and test batch (surefire runs all of a module's test classes in one JVM), for
     * the tests that only need "a trained model". The folder is shared: read it, load it, never
     * write into it (copy it to a folder of your own first).
     *
     * @param engine the engine that trains it
     * @param batchOneTest whether its recorded test perplexity is measured as the CLI measures it
     *     (batch 1), else with batch 20 (faster)
     * @return the model folder
     */
    public static synchronized Path sharedTiny(String engine, boolean batchOneTest) {
        String key = engine + (batchOneTest ? "-batch1" : "-batch20");
        Path dir = SHARED.get(key);
        if (dir == null) {
            dir = tinyBuiltin(sharedFolder().resolve(key), engine, SHARED_STEPS, batchOneTest);
            SHARED.put(key, dir);
        }
        return dir;
    }

    /**
     * A temporary folder for the models shared within this JVM, created on first use and deleted
     * when the JVM exits.
     *
     * @return the folder
     */
    public static synchronized Path sharedFolder() {
        if (sharedRoot == null) {
            try {
                Path root = Files.createTempDirectory("longshort-test-models-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
                sharedRoot = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedRoot;
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temporary folder is harmless
        }
    }

    /**
     * Writes a small PTB-format folder from the built-in grammar whose training file also holds
     * {@code <unk>}, and trains the tiny preset on it.
     *
     * @param data the data folder to write
     * @param dir the model folder
     * @param engine the engine
     * @return the model folder
     */
    static Path tinyPtbWithUnk(Path data, Path dir, String engine) throws IOException {
        BuiltinCorpus small = BuiltinCorpus.generate(7, 20_000, 2_000, 2_000);
        small.writePtbFiles(data);
        Files.writeString(
                data.resolve("ptb.train.txt"),
                "the <unk> <unk>\n<unk>\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Corpus corpus = Corpora.ptb(data);
        Preset p = Presets.tiny();
        ModelSpec spec = p.model().withVocabularySize(corpus.vocabulary().size());
        new LanguageModelTrainer(
                        Backends.get(engine), corpus, spec, p.training().withMaxSteps(20), dir)
                .optPreset("tiny")
                .optDataInfo(Map.of(
                        "kind", "ptb", "path", data.toAbsolutePath().normalize().toString()))
                .train();
        return dir;
    }

    /** The largest absolute difference between the parameters of two model folders, loaded on one engine. */
    public static double maxParameterDifference(Path a, Path b, Backend backend) {
        try (ModelFiles.SavedModel x = ModelFiles.load(a, backend);
                ModelFiles.SavedModel y = ModelFiles.load(b, backend)) {
            var px = x.network().parameters();
            var py = y.network().parameters();
            double max = 0;
            for (int i = 0; i < px.size(); i++) {
                float[] u = px.get(i).getArray().toFloatArray();
                float[] v = py.get(i).getArray().toFloatArray();
                for (int j = 0; j < u.length; j++) {
                    max = Math.max(max, Math.abs(u[j] - v[j]));
                }
            }
            return max;
        }
    }
}

package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.checkpoint.DataChecksums;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Score;
import io.longshort.it.TestModels;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Using a model trained by {@code longshort demo} from the command line: {@code predict},
 * {@code score}, {@code generate}, {@code info} and {@code test} without {@code --data}; and what
 * training leaves in the model folder. The model is the one {@code DemoTest} checks, {@code demo
 * --max-steps 300} run once per JVM ({@link CliModels#demo()}; it was a run of its own of 70
 * windows before issue 15, item 10).
 */
class CliUseTest {

    @TempDir
    static Path tmp;

    static Path demo;
    static Set<String> vocabulary;

    @BeforeAll
    static void trainTheDemoBriefly() throws Exception {
        // the demo model DemoTest checks too, trained once per JVM; read here, never written
        Run run = CliModels.demo();
        assertEquals(0, run.code(), run.err());
        demo = CliModels.demoDir();
        vocabulary = new HashSet<>(Files.readAllLines(demo.resolve("vocabulary.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void theModelFolderHoldsTheArchiveTheMetricsAndAChart() throws Exception {
        for (String f : List.of(
                "model.json",
                "vocabulary.txt",
                "parameters.params",
                "serving.properties",
                "metrics-log.csv",
                "metrics-epoch.csv",
                "metrics.png")) {
            assertTrue(Files.isRegularFile(demo.resolve(f)), f);
        }
        List<String> log = Files.readAllLines(demo.resolve("metrics-log.csv"), StandardCharsets.UTF_8);
        assertTrue(log.get(0).startsWith("epoch,window,"), log.get(0));
        assertTrue(log.size() >= 2, "a line per logging interval (every 62 windows): " + log);
        List<String> epochs = Files.readAllLines(demo.resolve("metrics-epoch.csv"), StandardCharsets.UTF_8);
        assertEquals(2, epochs.size(), "header and the one (partial) epoch: " + epochs);
        assertTrue(epochs.get(1).startsWith("1,0.25,"), epochs.get(1));

        BufferedImage image = ImageIO.read(demo.resolve("metrics.png").toFile());
        assertNotNull(image, "metrics.png is a readable image");
        Set<Integer> colours = new HashSet<>();
        int drawn = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                drawn += rgb == 0xffffff ? 0 : 1;
            }
        }
        assertTrue(
                colours.size() > 10 && drawn > image.getWidth() * image.getHeight() / 100,
                "not blank: " + colours.size() + " colours, " + drawn + " pixels drawn");
    }

    @Test
    void predictGivesVocabularyWordsWhoseProbabilitiesSumToAtMostOne() {
        for (int k : new int[] {10, vocabulary.size()}) {
            Run run = CliTestSupport.run(
                    "predict", "--model", demo.toString(), "--top", Integer.toString(k), "--json", "the", "old");
            assertEquals(0, run.code(), run.err());
            JsonObject json = run.json();
            assertEquals("the old", json.get("context").getAsString());
            JsonArray predictions = json.getAsJsonArray("predictions");
            assertEquals(k, predictions.size());
            double sum = 0;
            double previous = 1;
            for (JsonElement e : predictions) {
                String word = e.getAsJsonObject().get("word").getAsString();
                double p = e.getAsJsonObject().get("probability").getAsDouble();
                assertTrue(vocabulary.contains(word), word);
                assertTrue(p >= 0 && p <= previous, "sorted probabilities: " + json);
                previous = p;
                sum += p;
            }
            assertTrue(sum <= 1 + 1e-9, "the top " + k + " probabilities sum to " + sum);
        }
        Run plain = CliTestSupport.run("predict", "--model", demo.toString(), "the");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().startsWith("after \"the\" (pytorch):"), plain.out());
    }

    @Test
    void generateWritesOnlyVocabularyWordsAndRepeatsItselfWithASeed() {
        String[] args = {
            "generate",
            "--model",
            demo.toString(),
            "--prompt",
            "the",
            "--seed",
            "11",
            "--words",
            "40",
            "--temperature",
            "0.8",
            "--top-k",
            "20",
            "--top-p",
            "0.95",
            "--json"
        };
        Run first = CliTestSupport.run(args);
        assertEquals(0, first.code(), first.err());
        Run second = CliTestSupport.run(args);
        assertEquals(first.out(), second.out());
        JsonArray words = first.json().getAsJsonArray("words");
        assertEquals(40, words.size());
        for (JsonElement w : words) {
            assertTrue(vocabulary.contains(w.getAsString()), w.getAsString());
        }
        String text = first.out().substring(0, first.out().lastIndexOf('{'));
        for (String w : text.split("\\s+")) {
            assertTrue(w.isEmpty() || vocabulary.contains(w), "printed word '" + w + "' is in the vocabulary");
        }
        Run sentence = CliTestSupport.run(
                "generate", "--model", demo.toString(), "--seed", "3", "--stop", "<eos>", "--words", "100", "--json");
        assertEquals(0, sentence.code(), sentence.err());
        assertTrue(!sentence.json().getAsJsonArray("words").toString().contains("<eos>"), sentence.out());
    }

    @Test
    void scoreReportsTheLogProbabilityAndPerplexityOfAFile() throws Exception {
        List<String> words = TestModels.testWords(300);
        String text = String.join(" ", words).replace(" <eos> ", "\n").replace("<eos>", "\n");
        Path file = Files.writeString(tmp.resolve("text.txt"), text, StandardCharsets.UTF_8);
        Run run = CliTestSupport.run("score", "--model", demo.toString(), file.toString(), "--per-word", "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.json();
        int n = json.get("words").getAsInt();
        double logp = json.get("log_probability").getAsDouble();
        assertEquals(Math.exp(-logp / n), json.get("perplexity").getAsDouble(), 1e-9);
        assertEquals(n, json.getAsJsonArray("per_word").size());
        assertEquals(0, json.get("unknown_words").getAsInt());
        try (LanguageModel lm = LanguageModel.load(demo, "pytorch")) {
            Score score = lm.score(text);
            assertEquals(score.words().size(), n);
            assertEquals(score.logProbability(), logp, 1e-9);
        }
    }

    @Test
    void infoPrintsTheSummaryAndTheProvenance() {
        Run run = CliTestSupport.run("info", "--model", demo.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        for (String part : List.of(
                "preset:     demo",
                "data:",
                "test_sha256",
                "results:",
                "test_perplexity",
                "versions:",
                "djl",
                "loads on:   pytorch")) {
            assertTrue(run.out().contains(part), part + " in " + run.out());
        }
        JsonObject record = run.json().getAsJsonObject("record");
        assertEquals("demo", record.get("preset").getAsString());
        assertEquals("pytorch", record.get("engine").getAsString());
        JsonObject data = record.getAsJsonObject("data");
        assertEquals("builtin", data.get("kind").getAsString());
        assertEquals(
                DataChecksums.sha256(TestModels.builtin().test()),
                data.get("test_sha256").getAsString());
        assertTrue(record.getAsJsonObject("metrics").has("test_perplexity"));
        assertTrue(record.getAsJsonObject("versions").has("djl"));
        assertTrue(record.getAsJsonObject("versions").has("engine"));
        assertEquals(vocabulary.size(), run.json().get("vocabulary_size").getAsInt());
    }

    @Test
    void everyCommandTakesTheEngine() {
        Run run = CliTestSupport.run("predict", "--model", demo.toString(), "--engine", "mxnet", "--json", "the");
        assertEquals(0, run.code(), run.err());
        assertEquals("mxnet", run.json().get("engine").getAsString());
        Run info = CliTestSupport.run("info", "--model", demo.toString(), "--engine", "mxnet");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("loads on:   mxnet"), info.out());
    }

    @Test
    void testWithoutDataUsesTheRegeneratedBuiltinCorpus() {
        Run run = CliTestSupport.run("test", "--model", demo.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        double recorded = CliTestSupport.run("info", "--model", demo.toString(), "--json")
                .json()
                .getAsJsonObject("record")
                .getAsJsonObject("metrics")
                .get("test_perplexity")
                .getAsDouble();
        assertEquals(recorded, run.json().get("test_perplexity").getAsDouble(), recorded * 1e-6);
    }

    @Test
    void anUnknownWordFailsNamingItWhenThereIsNoUnk() {
        Run run = CliTestSupport.run("predict", "--model", demo.toString(), "the", "zyzzyva");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("'zyzzyva' is not in the model's vocabulary"), run.err());
    }

    @Test
    void aFolderOfAnUnknownVersionSaysSo() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("future"));
        for (String f : List.of("vocabulary.txt", "parameters.params")) {
            Files.copy(demo.resolve(f), copy.resolve(f));
        }
        String json = Files.readString(demo.resolve("model.json"), StandardCharsets.UTF_8);
        Files.writeString(
                copy.resolve("model.json"),
                json.replaceFirst("\"formatVersion\": 1", "\"formatVersion\": 7"),
                StandardCharsets.UTF_8);
        Run run = CliTestSupport.run("info", "--model", copy.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Unsupported model folder version: 7"), run.err());
    }

    @Test
    void testFindsPtbDataAtItsRecordedPathAndSaysSoWhenItMovedOrChanged() throws Exception {
        Path data = tmp.resolve("ptb-data");
        io.longshort.core.data.builtin.BuiltinCorpus.generate(5, 20_000, 2_000, 2_000)
                .writePtbFiles(data);
        Path model = tmp.resolve("ptb-model");
        Run train = CliTestSupport.run(
                "train", "--data", data.toString(), "--preset", "tiny", "--max-steps", "10", "--out", model.toString());
        assertEquals(0, train.code(), train.err());
        Run found = CliTestSupport.run("test", "--model", model.toString(), "--json");
        assertEquals(0, found.code(), found.err());

        Path test = data.resolve("ptb.test.txt");
        String original = Files.readString(test, StandardCharsets.UTF_8);
        Files.writeString(test, original + "the the the\n", StandardCharsets.UTF_8);
        Run changed = CliTestSupport.run("test", "--model", model.toString());
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("which has changed since"), changed.err());

        Files.move(data, tmp.resolve("ptb-data-moved"));
        Run moved = CliTestSupport.run("test", "--model", model.toString());
        assertEquals(2, moved.code());
        assertTrue(moved.err().contains("is not there any more: pass --data DIR"), moved.err());
        Run explicit = CliTestSupport.run(
                "test",
                "--model",
                model.toString(),
                "--data",
                tmp.resolve("ptb-data-moved").toString());
        assertEquals(0, explicit.code(), explicit.err());
        assertTrue(Vocabulary.EOS.length() > 0);
    }
}

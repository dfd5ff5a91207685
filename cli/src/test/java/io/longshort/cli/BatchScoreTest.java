package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.cli.CliTestSupport.Run;
import io.longshort.core.inference.LanguageModel;
import io.longshort.it.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code longshort batch-score} on embedded Spark: one record per non-blank line, each as {@code score} gives it. */
class BatchScoreTest {

    @TempDir
    Path tmp;

    /** Sentences of the built-in corpus's test split, one a line, a blank line after the tenth. */
    private List<String> writeLines(Path file, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : TestModels.testWords(20 * n)) {
            if (w.equals("<eos>")) {
                lines.add(line.toString());
                line.setLength(0);
                if (lines.size() == n) {
                    break;
                }
            } else {
                line.append(line.length() == 0 ? "" : " ").append(w);
            }
        }
        lines.add(10, "   ");
        Files.write(file, lines);
        return lines;
    }

    /** The records of an output folder by "file:line". */
    private static Map<String, JsonObject> records(Path dir) throws IOException {
        assertTrue(Files.isRegularFile(dir.resolve("_SUCCESS")), "Spark's _SUCCESS in " + dir);
        Map<String, JsonObject> out = new TreeMap<>();
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                for (String line : Files.readAllLines(part)) {
                    JsonObject r = JsonParser.parseString(line).getAsJsonObject();
                    out.put(r.get("file").getAsString() + ":" + r.get("line").getAsLong(), r);
                }
            }
        }
        return out;
    }

    private static JsonObject lastJsonLine(Run run) {
        String[] lines = run.out().strip().split("\n");
        return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }

    @Test
    void everyNonBlankLineIsScoredAsScoreScoresItAloneOnOneOrTwoCores() throws IOException {
        CliModels.tiny("pytorch");
        Path model = CliModels.tinyDir("pytorch");
        Path input = tmp.resolve("lines.txt");
        List<String> lines = writeLines(input, 150);
        Run one = CliTestSupport.run(
                "batch-score",
                "--model",
                model.toString(),
                "--input",
                input.toString(),
                "--output",
                tmp.resolve("one").toString(),
                "--master",
                "local[1]",
                "--json");
        assertEquals(0, one.code(), one.err());
        Run two = CliTestSupport.run(
                "batch-score",
                "--model",
                model.toString(),
                "--input",
                input.toString(),
                "--output",
                tmp.resolve("two").toString(),
                "--master",
                "local[2]",
                "--partitions",
                "3",
                "--batch-size",
                "5",
                "--buckets",
                "30,60",
                "--json");
        assertEquals(0, two.code(), two.err());
        Map<String, JsonObject> a = records(tmp.resolve("one"));
        Map<String, JsonObject> b = records(tmp.resolve("two"));
        assertEquals(150, a.size(), "one record per non-blank line");
        assertEquals(a.keySet(), b.keySet());
        assertFalse(a.containsKey(input + ":11"), "the blank line 11 has no record");
        assertEquals(lines.get(11), a.get(input + ":12").get("text").getAsString(), "lines count from 1");

        Map<String, Long> buckets = new TreeMap<>();
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            for (Map.Entry<String, JsonObject> e : a.entrySet()) {
                JsonObject r = e.getValue();
                var alone = lm.score(r.get("text").getAsString() + "\n");
                assertEquals(alone.words().size(), r.get("words").getAsInt(), e.getKey());
                assertEquals(0, r.get("unknown_words").getAsInt(), e.getKey());
                double lp = r.get("log_probability").getAsDouble();
                assertEquals(alone.logProbability(), lp, 1e-4 * Math.abs(lp), e.getKey());
                JsonObject r2 = b.get(e.getKey());
                assertEquals(lp, r2.get("log_probability").getAsDouble(), 1e-6 * Math.abs(lp), "local[2] " + e);
                assertEquals(
                        r.get("perplexity").getAsDouble(), r2.get("perplexity").getAsDouble(), 1e-4);
                buckets.merge(r2.get("bucket").getAsString(), 1L, Long::sum);
            }
        }
        // and through the score command itself, for one line
        Path single = Files.writeString(tmp.resolve("single.txt"), lines.get(0) + "\n");
        Run score = CliTestSupport.run("score", "--model", model.toString(), single.toString(), "--json");
        assertEquals(0, score.code(), score.err());
        double viaScore = lastJsonLine(score).get("log_probability").getAsDouble();
        assertEquals(viaScore, a.get(input + ":1").get("log_probability").getAsDouble(), 1e-4 * Math.abs(viaScore));
        // and by score --each-line, every line one after another in one process
        Run eachLine =
                CliTestSupport.run("score", "--model", model.toString(), "--each-line", input.toString(), "--json");
        assertEquals(0, eachLine.code(), eachLine.err());
        List<String> out = eachLine.out().strip().lines().toList();
        assertEquals(150 + 2, out.size(), "a record a line, the summary, its JSON: " + eachLine.out());
        for (String line : out.subList(0, 150)) {
            JsonObject r = JsonParser.parseString(line).getAsJsonObject();
            JsonObject expected = a.get(input + ":" + r.get("line").getAsLong());
            assertEquals(expected.get("words").getAsInt(), r.get("words").getAsInt(), line);
            double lp = expected.get("log_probability").getAsDouble();
            assertEquals(lp, r.get("log_probability").getAsDouble(), 1e-4 * Math.abs(lp), line);
        }
        assertEquals(150, lastJsonLine(eachLine).get("lines").getAsInt());

        JsonObject summary = lastJsonLine(two);
        assertEquals(150, summary.get("records").getAsLong());
        assertEquals(150, summary.get("written").getAsLong());
        JsonObject counted = summary.getAsJsonObject("buckets");
        assertEquals(
                150,
                counted.get("head").getAsLong()
                        + counted.get("middle").getAsLong()
                        + counted.get("tail").getAsLong());
        assertEquals(buckets.get("head"), counted.get("head").getAsLong());
        assertEquals(45, counted.get("head").getAsLong(), 2, "30% of 150 in the head");
        assertTrue(one.out().lines().findFirst().orElseThrow().startsWith("150 records (0 with an error)"), one.out());
        assertFalse(one.err().contains("INFO"), "no Spark chatter: " + one.err());
    }

    @Test
    void jsonLinesWithATextFieldAreFilteredByPerplexity() throws IOException {
        CliModels.tiny("pytorch");
        Path model = CliModels.tinyDir("pytorch");
        Path text = tmp.resolve("lines.txt");
        List<String> lines = writeLines(text, 60);
        List<String> json = new ArrayList<>();
        for (String l : lines) {
            json.add(l.isBlank() ? "" : "{\"id\": 1, \"body\": \"" + l + "\"}");
        }
        json.add("{\"id\": 2}");
        Path input = Files.write(tmp.resolve("docs.jsonl"), json);
        double limit;
        try (LanguageModel lm = LanguageModel.load(model, "pytorch")) {
            List<Double> ppl = new ArrayList<>();
            for (String l : lines) {
                if (!l.isBlank()) {
                    ppl.add(lm.score(l).perplexity());
                }
            }
            ppl.sort(null);
            limit = (ppl.get(29) + ppl.get(30)) / 2; // between two records: batched sums may differ in the last bits
        }
        Run run = CliTestSupport.run(
                "batch-score",
                "--model",
                model.toString(),
                "--input",
                input.toString(),
                "--output",
                tmp.resolve("out").toString(),
                "--master",
                "local[2]",
                "--text-field",
                "body",
                "--max-perplexity",
                Double.toString(limit),
                "--json");
        assertEquals(0, run.code(), run.err());
        Map<String, JsonObject> out = records(tmp.resolve("out"));
        assertEquals(30, out.size(), "the half below the median: " + out.keySet());
        for (JsonObject r : out.values()) {
            assertTrue(r.get("perplexity").getAsDouble() < limit, r.toString());
        }
        JsonObject summary = lastJsonLine(run);
        assertEquals(61, summary.get("records").getAsLong(), "60 texts and one record without the field");
        assertEquals(1, summary.get("errors").getAsLong());
        assertEquals(30, summary.get("written").getAsLong());
    }
}

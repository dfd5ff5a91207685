package io.longshort.spark;

import io.longshort.core.inference.LanguageModel;
import io.longshort.it.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What the Spark module's tests share: the model, the texts, sessions and comparisons. */
final class SparkTests {

    private SparkTests() {}

    /** The shared tiny model on PyTorch (built-in corpus, no {@code <unk>} in its vocabulary). */
    static Path model() {
        return TestModels.sharedTiny("pytorch", false);
    }

    /** Sentences of the built-in corpus's test split, one a line, with a line end each. */
    static List<String> sentences(int n) {
        List<String> words = TestModels.testWords(20 * n);
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            if (w.equals("<eos>")) {
                out.add(line.append('\n').toString());
                line.setLength(0);
                if (out.size() == n) {
                    break;
                }
            } else {
                line.append(line.length() == 0 ? "" : " ").append(w);
            }
        }
        return out;
    }

    /** A session on a master, quiet and without a web UI. */
    static SparkSession session(String master, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder()
                .master(master)
                .appName("longshort-test")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4");
        conf.forEach(b::config);
        return b.getOrCreate();
    }

    /** A dataset of (id, text) rows in the given number of partitions. */
    static Dataset<Row> texts(SparkSession spark, List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        StructType schema =
                new StructType().add("id", DataTypes.IntegerType, false).add("text", DataTypes.StringType, true);
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    /** The scored rows by id: words, unknown words, log-probability, perplexity, error. */
    static Map<Integer, List<Object>> byId(Dataset<Row> scored) {
        Map<Integer, List<Object>> out = new TreeMap<>();
        for (Row r : scored.collectAsList()) {
            out.put(
                    r.getInt(r.fieldIndex("id")),
                    Arrays.asList(
                            r.get(r.fieldIndex(CorpusScorer.WORDS)),
                            r.get(r.fieldIndex(CorpusScorer.UNKNOWN_WORDS)),
                            r.get(r.fieldIndex(CorpusScorer.LOG_PROBABILITY)),
                            r.get(r.fieldIndex(CorpusScorer.PERPLEXITY)),
                            r.get(r.fieldIndex(CorpusScorer.ERROR))));
        }
        return out;
    }

    /** The same figures from the model in this JVM, one text at a time. */
    static Map<Integer, List<Object>> expected(List<String> texts) {
        Map<Integer, List<Object>> out = new TreeMap<>();
        try (LanguageModel lm = LanguageModel.load(model(), "pytorch")) {
            for (int i = 0; i < texts.size(); i++) {
                var s = lm.score(texts.get(i));
                out.put(i, Arrays.asList(s.words().size(), 0, s.logProbability(), s.perplexity(), null));
            }
        }
        return out;
    }

    /**
     * Asserts two results hold the same records: equal counts and errors, log-probability and
     * perplexity within 1e-4 relative (batched scoring may add up in another order).
     */
    static void assertSameScores(Map<Integer, List<Object>> expected, Map<Integer, List<Object>> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet(), "the same records");
        for (Map.Entry<Integer, List<Object>> e : expected.entrySet()) {
            List<Object> want = e.getValue();
            List<Object> got = actual.get(e.getKey());
            String what = "record " + e.getKey() + ": " + got + " vs " + want;
            org.junit.jupiter.api.Assertions.assertEquals(want.get(0), got.get(0), what);
            org.junit.jupiter.api.Assertions.assertEquals(want.get(1), got.get(1), what);
            org.junit.jupiter.api.Assertions.assertEquals(want.get(4), got.get(4), what);
            for (int i = 2; i <= 3; i++) {
                if (want.get(i) == null) {
                    org.junit.jupiter.api.Assertions.assertNull(got.get(i), what);
                } else {
                    double w = (Double) want.get(i);
                    double g = (Double) got.get(i);
                    org.junit.jupiter.api.Assertions.assertEquals(w, g, 1e-4 * Math.abs(w), what);
                }
            }
        }
    }
}

package io.longshort.spark;

import static io.longshort.spark.SparkTests.assertSameScores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link CorpusScorer} in local mode: equal to per-text scoring, on 1 or 2 cores, through a task retry. */
class CorpusScorerTest {

    static List<String> texts;
    static Map<Integer, List<Object>> expected;

    @BeforeAll
    static void scoreOneByOne() {
        texts = SparkTests.sentences(200);
        expected = SparkTests.expected(texts);
    }

    private static Map<Integer, List<Object>> run(String master, Map<String, String> conf, int batchSize) {
        SparkSession spark = SparkTests.session(master, conf);
        try {
            Dataset<Row> scored = CorpusScorer.builder()
                    .setModel(SparkTests.model().toString())
                    .optEngine("pytorch")
                    .optBatchSize(batchSize)
                    .build()
                    .score(SparkTests.texts(spark, texts, 4));
            return SparkTests.byId(scored);
        } finally {
            spark.stop();
        }
    }

    @Test
    void oneAndTwoCoresGiveTheScoresOfOneTextAtATime() {
        assertSameScores(expected, run("local[1]", Map.of(), 16));
        assertSameScores(expected, run("local[2]", Map.of(), 7));
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheOutputEqualsACleanRun() throws Exception {
        SparkSession spark = SparkTests.session("local[2,4]", Map.of(CorpusScorer.FAIL_PARTITION_CONF, "1"));
        AtomicInteger failed = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() != Success$.MODULE$) {
                    failed.incrementAndGet();
                }
            }
        });
        try {
            Dataset<Row> scored = CorpusScorer.builder()
                    .setModel(SparkTests.model().toString())
                    .optEngine("pytorch")
                    .optBatchSize(8)
                    .build()
                    .score(SparkTests.texts(spark, texts, 4));
            assertSameScores(expected, SparkTests.byId(scored));
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.stop();
        }
        assertEquals(1, failed.get(), "exactly one task attempt failed, on purpose, and was retried");
    }

    @Test
    void aBadDocumentGetsAnErrorAndTheOthersAreScored() {
        List<String> bad = new ArrayList<>(texts.subList(0, 3));
        bad.add("the caf\uFFFD closed\n"); // 3: what the text readers make of invalid UTF-8
        bad.add("PK\u0003\u0004\u0000\u0000binary"); // 4
        bad.add("  \t  "); // 5: no words (a line end alone would be one word, <eos>)
        bad.add(texts.get(3).repeat(50)); // 6: over the limit below
        bad.add("zyzzyva " + texts.get(4)); // 7: not in a vocabulary without <unk>
        bad.add(null); // 8
        SparkSession spark = SparkTests.session("local[2]", Map.of());
        Map<Integer, List<Object>> got;
        try {
            got = SparkTests.byId(CorpusScorer.builder()
                    .setModel(SparkTests.model().toString())
                    .optEngine("pytorch")
                    .optMaxWords(200)
                    .build()
                    .score(SparkTests.texts(spark, bad, 2)));
        } finally {
            spark.stop();
        }
        for (int i = 0; i < 3; i++) {
            assertNull(got.get(i).get(4), "record " + i + " scored");
            assertEquals((Double) expected.get(i).get(2), (Double) got.get(i).get(2), 1e-4);
        }
        assertError(got, 3, "not UTF-8");
        assertError(got, 4, "binary data");
        assertError(got, 5, "no words");
        assertError(got, 6, "over the limit of 200");
        assertError(got, 7, "'zyzzyva'");
        assertError(got, 8, "no text");
    }

    private static void assertError(Map<Integer, List<Object>> got, int id, String fragment) {
        List<Object> r = got.get(id);
        assertNotNull(r.get(4), "record " + id + " has an error: " + r);
        assertTrue(r.get(4).toString().contains(fragment), r.get(4) + " mentions " + fragment);
        assertNull(r.get(0), "no figures with an error");
        assertNull(r.get(2), "no figures with an error");
    }

    @Test
    void aMissingTextColumnOrModelIsNamed() {
        SparkSession spark = SparkTests.session("local[1]", Map.of());
        try {
            Dataset<Row> ds = SparkTests.texts(spark, texts.subList(0, 2), 1);
            LongshortException column = assertThrows(
                    LongshortException.class,
                    () -> CorpusScorer.builder()
                            .setModel(SparkTests.model().toString())
                            .optTextColumn("body")
                            .build()
                            .score(ds));
            assertTrue(column.getMessage().contains("no column 'body'"), column.getMessage());
            LongshortException model = assertThrows(
                    LongshortException.class,
                    () -> CorpusScorer.builder()
                            .setModel("/nonexistent/model")
                            .build()
                            .score(ds));
            assertTrue(model.getMessage().startsWith("Model folder not found: /nonexistent/model"), model.getMessage());
        } finally {
            spark.stop();
        }
    }
}

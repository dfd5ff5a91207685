package io.longshort.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's plumbing, without running an engine (no benchmark runs in the unit tests). */
class HarnessPlumbingTest {

    @Test
    void syntheticIdsFollowTheFormulaThePeerUses() {
        // ((i * i) % 10007 + 31 * i) % V, as bench/peers/ptb_lstm.py computes it
        assertArrayEquals(new int[] {0, 32, 66, 102}, Synthetic.ids(4, 10_000));
        assertEquals(
                (int) ((100_000L * 100_000L % 10007 + 31 * 100_000L) % 10_000),
                Synthetic.ids(100_001, 10_000)[100_000]);
    }

    @Test
    void theHttpClientLetsEveryLoadClientKeepItsConnection() throws IOException {
        HttpURLConnection c = Http.open(new URL("http://127.0.0.1:9/"), 1, 1); // opening does not connect
        assertEquals(1, c.getConnectTimeout());
        assertEquals("256", System.getProperty("http.maxConnections"));
    }

    @Test
    void flopsPerWordCountTheLstmLayersAndTheSoftmaxThreeTimes() {
        // small: 2 layers of 4 * 200 * (200 + 200) multiply-adds, softmax 200 x 10,000
        double forward = 2 * (2.0 * 4 * 200 * 400) + 2.0 * 200 * 10_000;
        assertEquals(3 * forward, Bench.trainingFlopsPerWord("small", 10_000));
    }

    @Test
    void theMemoryRunTakesTheLaunchersJvmOptionsWithoutItsComments(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("jvm.options"), "# a comment\n\n-Xmx4g  -XX:+UseSerialGC\n-Dx=1\n");
        assertEquals(List.of("-Xmx4g", "-XX:+UseSerialGC", "-Dx=1"), Bench.launcherJvmOptions(file));
        Path shipped = Path.of("..").resolve(Bench.LAUNCHER_OPTIONS);
        List<String> launcher = Bench.launcherJvmOptions(shipped);
        assertTrue(!launcher.isEmpty() && launcher.stream().allMatch(o -> o.startsWith("-")), launcher.toString());
    }

    @Test
    void engineLabelsSplitIntoEngineThreadsAndVariant() {
        assertEquals(new EngineLabel("pytorch", "2", "aten"), EngineLabel.parse("pytorch@2+aten"));
        assertEquals(new EngineLabel("pytorch", null, "avx2"), EngineLabel.parse("pytorch+avx2"));
        assertEquals(new EngineLabel("mxnet", "1", null), EngineLabel.parse("mxnet@1"));
        assertTrue(EngineLabel.parse("pytorch").plain());
        assertFalse(EngineLabel.parse("pytorch@1").plain());
    }

    @Test
    void statsAreMedianMinMax() {
        Stats s = Stats.of(new double[] {3, 1, 2, 10});
        assertEquals(2.5, s.median());
        assertEquals(1, s.min());
        assertEquals(10, s.max());
    }

    @Test
    void tableHasRatiosToThePeerAndTheGoals() {
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(row("matmul", "-", "-", "pytorch-1t", Map.of("gflops", 40.0)));
        for (double[] r : new double[][] {{1000, 800}, {1100, 900}, {1300, 700}}) {
            results.add(row(
                    "train",
                    "synthetic",
                    "medium",
                    "pytorch",
                    Map.of(
                            "train_words_per_second",
                            r[0],
                            "eval_words_per_second",
                            3000.0,
                            "peak_rss_kib",
                            1024.0,
                            "vocab",
                            10_000)));
            results.add(row(
                    "train",
                    "synthetic",
                    "medium",
                    Bench.PEER,
                    Map.of(
                            "train_words_per_second",
                            r[1],
                            "eval_words_per_second",
                            3000.0,
                            "peak_rss_kib",
                            1024.0,
                            "vocab",
                            10_000)));
        }
        String table = new Report(results, Options.parse(new String[0]), "test").table();
        assertTrue(table.contains("train words/s"), table);
        assertTrue(table.contains("1.38x"), table); // 1,100 / 800
        assertTrue(table.contains("HOLDS  pytorch medium training >= 1.25x"), table);
    }

    @Test
    void loadAnswersAreEqualWithinTheToleranceAndNearTiesMayTradePlaces() {
        JsonArray a = answer("a", 0.5, "b", 0.25, "c", 0.2500001);
        assertTrue(Load.equal(a, answer("a", 0.5000001, "b", 0.25, "c", 0.2500001)));
        assertTrue(Load.equal(a, answer("a", 0.5, "c", 0.25, "b", 0.2500001)), "b and c are a near tie");
        assertFalse(Load.equal(a, answer("b", 0.5, "a", 0.25, "c", 0.2500001)), "a and b are not");
        assertFalse(Load.equal(a, answer("a", 0.51, "b", 0.25, "c", 0.2500001)));
        assertFalse(Load.equal(a, answer("a", 0.5, "b", 0.25)));
    }

    @Test
    void eachLoadLevelWarmsUpTenSecondsUnlessTold() {
        assertEquals(10, Options.parse(new String[0]).loadWarmup);
        assertEquals(2.5, Options.parse(new String[] {"--load-warmup", "2.5"}).loadWarmup);
        assertEquals(1, Options.parse(new String[] {"--quick"}).loadWarmup);
    }

    @Test
    void eachLoadRunsServerWritesToItsOwnFileOnlyWhenAskedToKeepIt() {
        Options plain = Options.parse(new String[0]);
        assertFalse(List.of(Bench.loadArgs(plain, "medium", true, "pytorch", 1)).contains("--server-log"));

        Options keep = Options.parse(new String[] {"--server-logs", "logs"});
        List<String> args = List.of(Bench.loadArgs(keep, "medium", false, "pytorch@2", 3));
        int at = args.indexOf("--server-log");
        assertTrue(at >= 0, args.toString());
        Path log = Path.of(args.get(at + 1));
        assertEquals(Path.of("logs").toAbsolutePath().resolve("serve-medium-pytorch@2-no-batching-run3.log"), log);
        assertEquals(log, Options.parse(args.toArray(String[]::new)).serverLog);
    }

    @Test
    void percentilesAreRanksOfTheSortedLatencies() {
        double[] ms = new double[100];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = i + 1;
        }
        assertEquals(50, Load.percentile(ms, 0.50));
        assertEquals(99, Load.percentile(ms, 0.99));
        assertEquals(7, Load.percentile(new double[] {7}, 0.99));
    }

    @Test
    void loadTableJudgesThroughputLatencyAndAnswers() {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            results.add(row(
                    "load",
                    "batching",
                    "small",
                    "pytorch",
                    Map.of(
                            "levels",
                            List.of(level(1, 125, 8, 12, 0), level(8, 250, 30, 40, 0), level(32, 350, 90, 150, 0)))));
            results.add(row(
                    "load",
                    "no-batching",
                    "small",
                    "pytorch",
                    Map.of(
                            "levels",
                            List.of(
                                    level(1, 100, 10, 12, 0),
                                    level(8, 110, 70, 90, 0),
                                    level(32, 110, 290, 400, run)))));
        }
        String table = new Report(results, Options.parse(new String[0]), "test").table();
        assertTrue(table.contains("load req/s, 32 clients"), table);
        // one client alone is the better of the two modes: here the one with batching
        assertTrue(table.contains("MISSED pytorch small: 32 clients >= 3.0x the throughput of 1: 2.80x"), table);
        assertTrue(
                table.contains(
                        "MISSED pytorch small: p99 at 32 clients <= 10x the single-request latency: 150.0 ms vs 8.0 ms (18.8x)"),
                table);
        assertTrue(table.contains("HOLDS  pytorch small batching: no errors"), table);
        assertTrue(
                table.contains(
                        "MISSED pytorch small no-batching: no errors, every answer the sequential one: 6 errors"),
                table);
    }

    private static Map<String, Object> level(int clients, double rps, double p50, double p99, int mismatches) {
        return Map.of(
                "clients",
                clients,
                "requests_per_second",
                rps,
                "p50_ms",
                p50,
                "p99_ms",
                p99,
                "errors",
                0,
                "mismatches",
                mismatches);
    }

    private static JsonArray answer(Object... wordsAndProbabilities) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < wordsAndProbabilities.length; i += 2) {
            JsonObject w = new JsonObject();
            w.addProperty("word", (String) wordsAndProbabilities[i]);
            w.addProperty("probability", (Double) wordsAndProbabilities[i + 1]);
            a.add(w);
        }
        return a;
    }

    private static Map<String, Object> row(
            String kind, String data, String preset, String engine, Map<String, Object> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("data", data);
        m.put("preset", preset);
        m.put("engine", engine);
        m.put("run", 1);
        m.put("result", r);
        return m;
    }
}

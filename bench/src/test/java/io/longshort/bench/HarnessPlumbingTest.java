package io.longshort.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

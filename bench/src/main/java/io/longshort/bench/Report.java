package io.longshort.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The table and the summary (with the speed and memory goals) of a harness run. */
final class Report {

    private final List<Map<String, Object>> results;
    private final Options o;
    private final String peerNote;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String> goals = new ArrayList<>();
    private double limit = Double.NaN;

    Report(List<Map<String, Object>> results, Options o, String peerNote) {
        this.results = results;
        this.o = o;
        this.peerNote = peerNote;
        build();
    }

    private void build() {
        for (Map<String, Object> r : select("matmul", null, null, null)) {
            double g = num(r, "gflops");
            limit = Double.isNaN(limit) ? g : Math.max(limit, g);
            add(
                    "matmul GFLOP/s (best of " + o.reps + ")",
                    "-",
                    "-",
                    (String) r.get("engine"),
                    Stats.of(new double[] {g}),
                    Double.NaN);
        }
        for (String data : keys("train", "data")) {
            for (String preset : keys("train", "preset")) {
                Stats peerTrain = stats("train", data, preset, Bench.PEER, "train_words_per_second");
                Stats peerEval = stats("train", data, preset, Bench.PEER, "eval_words_per_second");
                for (String engine : keys("train", "engine")) {
                    Stats t = stats("train", data, preset, engine, "train_words_per_second");
                    if (t.n() == 0) {
                        continue;
                    }
                    double ratio = t.median() / peerTrain.median();
                    add("train words/s", data, preset, engine, t, ratio);
                    int vocab = (int) num(select("train", data, preset, engine).get(0), "vocab");
                    double gflops = t.median() * Bench.trainingFlopsPerWord(preset, vocab) / 1e9;
                    add("  train GFLOP/s", data, preset, engine, Stats.of(new double[] {gflops}), Double.NaN);
                    add(
                            "  of matmul limit %",
                            data, preset, engine, Stats.of(new double[] {100 * gflops / limit}), Double.NaN);
                    Stats e = stats("train", data, preset, engine, "eval_words_per_second");
                    add("eval words/s", data, preset, engine, e, e.median() / peerEval.median());
                    Stats m = stats("train", data, preset, engine, "peak_rss_kib");
                    add("peak RSS MiB", data, preset, engine, scale(m, 1 / 1024.0), Double.NaN);
                    if (!engine.equals(Bench.PEER) && data.equals("synthetic")) {
                        double need = engine.startsWith("pytorch") ? 1.25 : 1.0;
                        goal(
                                engine + " " + preset + " training >= " + need + "x the Python peer",
                                ratio,
                                ratio >= need,
                                String.format(Locale.ROOT, "%.2fx", ratio));
                        if (preset.equals("medium")) {
                            goal(
                                    engine + " medium >= 50% of the matmul limit",
                                    gflops / limit,
                                    gflops / limit >= 0.5,
                                    String.format(
                                            Locale.ROOT,
                                            "%.0f%% (%.1f of %.1f GFLOP/s)",
                                            100 * gflops / limit,
                                            gflops,
                                            limit));
                        }
                    }
                }
            }
        }
        Stats peerLatency = stats("latency", "synthetic", "medium", Bench.PEER, "latency_ms");
        for (String engine : keys("latency", "engine")) {
            Stats l = stats("latency", "synthetic", "medium", engine, "latency_ms");
            double ratio = l.median() / peerLatency.median();
            add("next-word ms (batch 1)", "synthetic", "medium", engine, l, ratio);
            if (!engine.equals(Bench.PEER)) {
                goal(
                        engine + " next-word latency <= the peer's",
                        ratio,
                        ratio <= 1.0,
                        String.format(Locale.ROOT, "%.2f ms vs %.2f ms", l.median(), peerLatency.median()));
            }
        }
        loadRows();
        corpusRows();
        for (Map<String, Object> r : select("memory", null, null, null)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> at = (Map<String, Object>) ((Map<String, Object>) r.get("result")).get("rss_kib_at");
            List<String> marks = new ArrayList<>(at.keySet());
            if (marks.size() < 2) {
                continue;
            }
            double a = ((Number) at.get(marks.get(0))).doubleValue() / 1024;
            double b = ((Number) at.get(marks.get(marks.size() - 1))).doubleValue() / 1024;
            String engine = (String) r.get("engine");
            add(
                    "RSS MiB after " + marks.get(0) + " steps",
                    "synthetic",
                    "small",
                    engine,
                    Stats.of(new double[] {a}),
                    Double.NaN);
            add(
                    "RSS MiB after " + marks.get(marks.size() - 1) + " steps",
                    "synthetic",
                    "small",
                    engine,
                    Stats.of(new double[] {b}),
                    Double.NaN);
            goal(
                    engine + " RSS after " + marks.get(marks.size() - 1) + " steps within 5% of after " + marks.get(0),
                    b / a,
                    b <= a * 1.05,
                    String.format(Locale.ROOT, "%+.1f%% (%.0f -> %.0f MiB)", 100 * (b - a) / a, a, b));
        }
    }

    /**
     * The load runs: requests/s and latency at each number of clients, with batching on and off,
     * and the goals of issue 17 (throughput at the most clients against one client, its p99
     * against the one-client median, no error and every answer the sequential one).
     */
    private void loadRows() {
        for (String preset : keys("load", "preset")) {
            for (String engine : keys("load", "engine")) {
                for (String mode : keys("load", "data")) {
                    List<Map<String, Object>> runs = select("load", mode, preset, engine);
                    if (runs.isEmpty()) {
                        continue;
                    }
                    long problems = 0;
                    for (int clients : o.clients) {
                        Stats rps = levelStats(runs, clients, "requests_per_second");
                        add("load req/s, " + clients + " clients", mode, preset, engine, rps, Double.NaN);
                        add("  p50 ms", mode, preset, engine, levelStats(runs, clients, "p50_ms"), Double.NaN);
                        add("  p99 ms", mode, preset, engine, levelStats(runs, clients, "p99_ms"), Double.NaN);
                        problems += levelSum(runs, clients, "errors") + levelSum(runs, clients, "mismatches");
                    }
                    goal(
                            engine + " " + preset + " " + mode + ": no errors, every answer the sequential one",
                            problems,
                            problems == 0,
                            problems == 0 ? "none" : problems + " errors or mismatches in all runs");
                    if (mode.equals(Bench.loadLabel(true))) {
                        loadGoals(runs, preset, engine);
                    }
                }
            }
        }
    }

    /**
     * Throughput and tail latency at the most clients with batching, against one client alone: the
     * better of the runs with and without batching (a lone client waits for no batch in either), so
     * that the goal is measured against the fastest single client.
     */
    private void loadGoals(List<Map<String, Object>> runs, String preset, String engine) {
        int one = o.clients.stream().mapToInt(Integer::intValue).min().orElse(1);
        int many = o.clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<Map<String, Object>> unbatched = select("load", Bench.loadLabel(false), preset, engine);
        double alone = levelStats(runs, one, "requests_per_second").median();
        double single = levelStats(runs, one, "p50_ms").median();
        if (levelStats(unbatched, one, "p50_ms").n() > 0) {
            alone = Math.max(
                    alone, levelStats(unbatched, one, "requests_per_second").median());
            single = Math.min(single, levelStats(unbatched, one, "p50_ms").median());
        }
        double speedup = levelStats(runs, many, "requests_per_second").median() / alone;
        double need = preset.equals("medium") ? 4 : 3;
        goal(
                engine + " " + preset + ": " + many + " clients >= " + need + "x the throughput of " + one,
                speedup,
                speedup >= need,
                String.format(Locale.ROOT, "%.2fx", speedup));
        double p99 = levelStats(runs, many, "p99_ms").median();
        goal(
                engine + " " + preset + ": p99 at " + many + " clients <= 10x the single-request latency",
                p99 / single,
                p99 <= 10 * single,
                String.format(Locale.ROOT, "%.1f ms vs %.1f ms (%.1fx)", p99, single, p99 / single));
    }

    /**
     * The corpus runs: words/s of each way of scoring, its ratio to one line at a time with
     * PyTorch's default threads, and issue 18's goal against both one-by-one baselines (2 Spark
     * cores at least 5x one line at a time in one process).
     */
    private void corpusRows() {
        for (String preset : keys("corpus", "preset")) {
            for (String engine : keys("corpus", "engine")) {
                Stats base = stats("corpus", CorpusRuns.ONE_BY_ONE, preset, engine, "words_per_second");
                for (String mode : CorpusRuns.MODES) {
                    Stats s = stats("corpus", mode, preset, engine, "words_per_second");
                    if (s.n() > 0) {
                        add("corpus words/s (x 1-by-1)", mode, preset, engine, s, s.median() / base.median());
                    }
                }
                Stats two = stats("corpus", "batch-score local[2]", preset, engine, "words_per_second");
                for (String alone : List.of(CorpusRuns.ONE_BY_ONE, CorpusRuns.ONE_BY_ONE + "@1")) {
                    Stats one = stats("corpus", alone, preset, engine, "words_per_second");
                    if (two.n() > 0 && one.n() > 0) {
                        double speedup = two.median() / one.median();
                        goal(
                                engine + " " + preset + ": batch-score on 2 cores >= 5x " + alone,
                                speedup,
                                speedup >= 5,
                                String.format(Locale.ROOT, "%.2fx", speedup));
                    }
                }
            }
        }
    }

    private static long levelSum(List<Map<String, Object>> runs, int clients, String key) {
        return Math.round(
                levelValues(runs, clients, key).stream().mapToDouble(d -> d).sum());
    }

    private static Stats levelStats(List<Map<String, Object>> runs, int clients, String key) {
        return Stats.of(levelValues(runs, clients, key).stream()
                .mapToDouble(Double::doubleValue)
                .toArray());
    }

    @SuppressWarnings("unchecked")
    private static List<Double> levelValues(List<Map<String, Object>> runs, int clients, String key) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            Map<String, Object> result = (Map<String, Object>) r.get("result");
            for (Map<String, Object> level : (List<Map<String, Object>>) result.get("levels")) {
                if (((Number) level.get("clients")).intValue() == clients && level.get(key) instanceof Number n) {
                    values.add(n.doubleValue());
                }
            }
        }
        return values;
    }

    /** Records a goal; one whose figure is missing (no peer or no matmul run) is not judged. */
    private void goal(String what, double figure, boolean holds, String value) {
        if (Double.isNaN(figure)) {
            goals.add("UNKNOWN " + what + ": not measured in this run (it needs the peer and the matmul task)");
            return;
        }
        goals.add((holds ? "HOLDS  " : "MISSED ") + what + ": " + value);
    }

    private void add(String what, String data, String preset, String engine, Stats s, double ratio) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("what", what);
        row.put("data", data);
        row.put("preset", preset);
        row.put("engine", engine);
        row.put("median", s.median());
        row.put("min", s.min());
        row.put("max", s.max());
        row.put("n", s.n());
        row.put("vs_peer", ratio);
        rows.add(row);
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%-26s %-9s %-6s %-16s %10s %10s %10s %3s %8s%n",
                "what",
                "data",
                "preset",
                "engine",
                "median",
                "min",
                "max",
                "n",
                "vs peer"));
        for (Map<String, Object> r : rows) {
            double ratio = (double) r.get("vs_peer");
            b.append(String.format(
                    Locale.ROOT,
                    "%-26s %-9s %-6s %-16s %10s %10s %10s %3d %8s%n",
                    r.get("what"),
                    r.get("data"),
                    r.get("preset"),
                    r.get("engine"),
                    fmt((double) r.get("median")),
                    fmt((double) r.get("min")),
                    fmt((double) r.get("max")),
                    (int) r.get("n"),
                    Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio)));
        }
        b.append("peer: ").append(peerNote).append('\n');
        b.append(String.join("\n", goals));
        return b.toString();
    }

    Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("matmul_limit_gflops", limit);
        s.put("rows", rows);
        s.put("goals", goals);
        return s;
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static Stats scale(Stats s, double f) {
        return new Stats(s.median() * f, s.min() * f, s.max() * f, s.n());
    }

    private Stats stats(String kind, String data, String preset, String engine, String key) {
        return Stats.of(select(kind, data, preset, engine).stream()
                .mapToDouble(r -> num(r, key))
                .toArray());
    }

    private Set<String> keys(String kind, String key) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : select(kind, null, null, null)) {
            out.add((String) r.get(key));
        }
        return out;
    }

    private List<Map<String, Object>> select(String kind, String data, String preset, String engine) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : results) {
            if (r.get("kind").equals(kind)
                    && (data == null || r.get("data").equals(data))
                    && (preset == null || r.get("preset").equals(preset))
                    && (engine == null || r.get("engine").equals(engine))) {
                out.add(r);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static double num(Map<String, Object> row, String key) {
        Object v = ((Map<String, Object>) row.get("result")).get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}

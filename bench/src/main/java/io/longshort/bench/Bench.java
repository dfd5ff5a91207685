package io.longshort.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.core.engine.InferenceThreads;
import io.longshort.core.engine.LstmSelfCheck;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Presets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benchmark harness: runs every measurement in its own process (the JVM workers of {@link
 * Worker} on each engine, and the Python peer {@code bench/peers/ptb_lstm.py}), runs after runs
 * interleaved so that a slow spell of the machine hits every contender alike, then prints one
 * table (median, min and max of the runs, and the ratio to the peer) and writes JSON.
 */
public final class Bench {

    static final Path LAUNCHER_OPTIONS = Path.of("examples", "bin", "jvm.options");

    static final String PEER = "python-pytorch";
    static final String PEER_SCRIPT = "bench/peers/ptb_lstm.py";

    /**
     * The JVM options of the worker that runs the load's clients: the serial collector, whose
     * pauses there took 3 to 8 ms during the load where G1's took 9 to 23 ms. A pause of the
     * clients adds to the measured latency of every request in flight.
     */
    static final List<String> LOAD_CLIENT_JVM_OPTIONS = List.of("-XX:+UseSerialGC");

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .create();

    private final Options o;
    private final List<Map<String, Object>> results = new ArrayList<>();
    private String python;
    private String peerNote;

    private Bench(Options o) {
        this.o = o;
    }

    /**
     * Runs the harness, or with first argument {@code worker} one measurement.
     *
     * @param args the options ({@code --help})
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            Options o = Options.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
            System.out.println(new Gson().toJson(Worker.run(o)));
            return;
        }
        Options o = Options.parse(args);
        if (o.task.equals("help")) {
            System.out.println(Options.USAGE);
            return;
        }
        new Bench(o).runAll();
    }

    private void runAll() throws Exception {
        findPeer();
        long start = System.nanoTime();
        // the machine's float32 matrix-multiply rate: libtorch through DJL at 1 and 2 threads, and
        // the peer's torch (OpenBLAS); the best is the limit
        for (String threads : o.only.contains("matmul") ? List.of("1", "2") : List.<String>of()) {
            record(
                    "matmul",
                    "-",
                    "-",
                    "pytorch-" + threads + "t",
                    0,
                    java(
                            "pytorch",
                            List.of("-D" + InferenceThreads.PYTORCH_THREADS + "=" + threads),
                            "--task",
                            "matmul",
                            "--size",
                            "" + o.size,
                            "--reps",
                            "" + o.reps));
        }
        if (python != null && o.only.contains("matmul")) {
            record("matmul", "-", "-", PEER, 0, peer("matmul", "--size", "" + o.size, "--reps", "" + o.reps));
        }
        for (String data : o.only.contains("train") ? o.datas : List.<String>of()) {
            if (data.equals("ptb") && !Files.isRegularFile(o.ptbDir.resolve("ptb.test.txt"))) {
                System.err.println("bench: no PTB files in " + o.ptbDir + " (set LONGSHORT_PTB_DIR): skipping ptb");
                continue;
            }
            for (String preset : o.presets) {
                for (int run = 1; run <= o.runs; run++) {
                    List<String> common = List.of(
                            "--preset",
                            preset,
                            "--data",
                            data,
                            "--steps",
                            "" + o.stepsOf(preset),
                            "--warmup",
                            "" + o.warmup,
                            "--eval-windows",
                            "" + o.evalWindows,
                            "--ptb-dir",
                            o.ptbDir.toString());
                    for (String engine : o.engines) {
                        List<String> args = new ArrayList<>(List.of("--task", "train"));
                        args.addAll(common);
                        record(
                                "train",
                                data,
                                preset,
                                engine,
                                run,
                                java(engine, List.of(), args.toArray(String[]::new)));
                    }
                    if (python != null && !data.equals("builtin")) {
                        List<String> args = new ArrayList<>(List.of("train"));
                        args.addAll(common);
                        record("train", data, preset, PEER, run, peer(args.toArray(String[]::new)));
                    }
                }
            }
        }
        if (o.latency && o.only.contains("latency")) {
            for (int run = 1; run <= o.runs; run++) {
                String[] common = {"--preset", "medium", "--words", "" + o.words, "--warmup", "20"};
                for (String engine : o.engines) {
                    List<String> args = new ArrayList<>(List.of("--task", "latency"));
                    args.addAll(List.of(common));
                    record(
                            "latency",
                            "synthetic",
                            "medium",
                            engine,
                            run,
                            java(engine, List.of(), args.toArray(String[]::new)));
                }
                if (python != null) {
                    List<String> args = new ArrayList<>(List.of("latency"));
                    args.addAll(List.of(common));
                    record("latency", "synthetic", "medium", PEER, run, peer(args.toArray(String[]::new)));
                }
            }
        }
        if (o.memory && o.memorySteps > 0 && o.only.contains("memory")) {
            long first = Math.min(200, o.memorySteps / 10);
            StringBuilder marks = new StringBuilder().append(first);
            for (long k = 500; k < o.memorySteps; k += 500) {
                marks.append(',').append(k);
            }
            // the launcher's own JVM options: what a user of examples/bin/longshort gets
            List<String> launcher = launcherJvmOptions(LAUNCHER_OPTIONS);
            System.err.println("bench: memory runs with the launcher's JVM options " + launcher);
            for (String engine : o.engines) {
                record(
                        "memory",
                        "synthetic",
                        "small",
                        engine,
                        1,
                        java(
                                engine,
                                launcher,
                                "--task",
                                "train",
                                "--preset",
                                "small",
                                "--data",
                                "synthetic",
                                "--steps",
                                "" + o.memorySteps,
                                "--warmup",
                                "0",
                                "--eval-windows",
                                "2",
                                "--rss-at",
                                marks + "," + o.memorySteps));
            }
        }
        if (o.only.contains("load")) {
            for (int run = 1; run <= o.runs; run++) {
                for (String preset : o.presets) {
                    for (boolean batching : o.batchings) {
                        for (String engine : o.engines) {
                            record(
                                    "load",
                                    loadLabel(batching),
                                    preset,
                                    engine,
                                    run,
                                    java(engine, LOAD_CLIENT_JVM_OPTIONS, loadArgs(o, preset, batching, engine, run)));
                        }
                    }
                }
            }
        }
        if (o.only.contains("corpus")) {
            corpusRuns();
        }
        Report report = new Report(results, o, peerNote);
        System.out.println();
        System.out.println(report.table());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", Instant.now().toString());
        json.put("machine", Machine.describe());
        json.put("options", o.toString());
        json.put("peer", peerNote);
        json.put("seconds", (System.nanoTime() - start) / 1e9);
        json.put("summary", report.summary());
        json.put("runs", results);
        Files.createDirectories(o.json.toAbsolutePath().getParent());
        Files.writeString(o.json, GSON.toJson(json));
        System.out.println("wrote " + o.json);
    }

    /**
     * The corpus runs: for each preset and engine an untrained model and the corpus ({@link
     * CorpusRuns}), then in each run every way of scoring it, one after another.
     */
    private void corpusRuns() throws IOException, InterruptedException {
        List<String> engines = new ArrayList<>();
        for (String engine : o.engines) {
            if (!EngineLabel.parse(engine).plain()) {
                // the corpus runs use the command line as users do; a mode such as one-by-one@1 sets threads
                System.err.println("bench: the corpus runs skip " + engine + ": they take plain engine names");
            } else {
                engines.add(engine);
            }
        }
        for (String preset : o.presets) {
            for (String engine : engines) {
                Path dir = Files.createTempDirectory("longshort-corpus");
                try {
                    JsonObject setup = java(
                            engine,
                            List.of(),
                            "--task",
                            "corpus-setup",
                            "--preset",
                            preset,
                            "--vocab",
                            "" + o.vocab,
                            "--ptb-dir",
                            o.ptbDir.toString(),
                            "--corpus-repeat",
                            "" + o.corpusRepeat,
                            "--dir",
                            dir.toString());
                    System.err.println("bench: corpus of " + setup.get("lines") + " lines, " + preset + ", " + engine);
                    CorpusRuns.linkSparkHome(dir);
                    for (int run = 1; run <= o.runs; run++) {
                        for (String mode : o.corpusModes) {
                            record(
                                    "corpus",
                                    mode,
                                    preset,
                                    engine,
                                    run,
                                    cli(CorpusRuns.jvmFlags(mode, dir), CorpusRuns.arguments(mode, engine, dir)));
                        }
                    }
                } finally {
                    Worker.deleteTree(dir);
                }
            }
        }
    }

    /** Runs the command line in its own JVM as {@code examples/bin/longshort} does; returns its last JSON line. */
    private static JsonObject cli(List<String> jvmFlags, List<String> args) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(launcherJvmOptions(LAUNCHER_OPTIONS));
        options.addAll(jvmFlags);
        List<String> cmd = JavaCommand.of(options, "io.longshort.cli.Main", args);
        // Spark's launcher of local-cluster executors asks for the Scala version its scripts set
        return exec(cmd, Map.of("SPARK_SCALA_VERSION", "2.13"));
    }

    /**
     * How a load run is labelled, in the results and in its server's log's name.
     *
     * @param batching whether the run's server batches requests
     * @return {@code batching} or {@code no-batching}
     */
    static String loadLabel(boolean batching) {
        return batching ? "batching" : "no-batching";
    }

    /**
     * The worker's arguments for one load run; with {@code --server-logs DIR}, the file in DIR that
     * the run's server writes its output to, named by the run.
     */
    static String[] loadArgs(Options o, String preset, boolean batching, String engine, int run) {
        List<String> args = new ArrayList<>(List.of("--task", "load", "--preset", preset));
        args.addAll(List.of("--batching", batching ? "on" : "off"));
        args.addAll(List.of("--clients", o.clients.stream().map(String::valueOf).collect(Collectors.joining(","))));
        args.addAll(List.of("--load-requests", "" + o.loadRequests, "--load-seconds", "" + o.loadSeconds));
        args.addAll(List.of("--load-warmup", "" + o.loadWarmup));
        args.addAll(List.of("--load-texts", "" + o.loadTexts, "--vocab", "" + o.vocab));
        args.addAll(List.of("--batch-size", "" + o.batchSize, "--max-batch-delay", "" + o.maxBatchDelay));
        if (o.serverLogs != null) {
            String name = "serve-" + preset + "-" + engine + "-" + loadLabel(batching) + "-run" + run + ".log";
            args.addAll(List.of(
                    "--server-log", o.serverLogs.toAbsolutePath().resolve(name).toString()));
        }
        return args.toArray(String[]::new);
    }

    private void record(String kind, String data, String preset, String engine, int run, JsonObject r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", kind);
        row.put("data", data);
        row.put("preset", preset);
        row.put("engine", engine);
        row.put("run", run);
        row.put("result", GSON.fromJson(r, Map.class));
        results.add(row);
        System.err.printf(Locale.ROOT, "bench: %-7s %-9s %-6s %-16s run %d: %s%n", kind, data, preset, engine, run, r);
    }

    /**
     * Runs a JVM worker. An engine written {@code name@N} runs with N intra-op threads: {@code
     * -Dai.djl.pytorch.num_threads=N} on PyTorch, {@code OMP_NUM_THREADS=N} on MXNet. A suffix
     * chooses the LSTM path: {@code +aten} forces the LSTM self-check to fail, so that PyTorch takes
     * its fallback (ATen's own LSTM, oneDNN off) as on CPUs where oneDNN's is wrong; {@code +avx2}
     * caps oneDNN at AVX2 ({@code ONEDNN_MAX_CPU_ISA=AVX2}); {@code +launcher} adds the JVM options
     * of {@code examples/bin/longshort}, to compare them with the worker's defaults.
     */
    private JsonObject java(String label, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        EngineLabel parsed = EngineLabel.parse(label);
        String engine = parsed.engine();
        String threads = parsed.threads();
        String variant = parsed.variant();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> options = new ArrayList<>();
        options.add("-Xmx4g");
        if (threads != null && engine.equals("pytorch")) {
            options.add("-D" + InferenceThreads.PYTORCH_THREADS + "=" + threads);
        } else if (threads != null) {
            env.put("OMP_NUM_THREADS", threads);
        }
        if ("aten".equals(variant)) {
            options.add("-D" + LstmSelfCheck.PROPERTY + "=fail");
        } else if ("avx2".equals(variant)) {
            env.put("ONEDNN_MAX_CPU_ISA", "AVX2");
        } else if ("launcher".equals(variant)) {
            options.addAll(launcherJvmOptions(LAUNCHER_OPTIONS));
        } else if (variant != null) {
            throw new IllegalArgumentException(
                    "Unknown engine variant '+" + variant + "' in " + label + ": use +aten, +avx2 or +launcher");
        }
        options.addAll(jvmFlags);
        List<String> workerArgs = new ArrayList<>(List.of("worker", "--engine", engine));
        workerArgs.addAll(List.of(args));
        List<String> cmd = JavaCommand.of(options, Bench.class.getName(), workerArgs);
        return exec(cmd, env);
    }

    /** The JVM options of {@code examples/bin/longshort}, from its options file (lines of {@code #} are comments). */
    static List<String> launcherJvmOptions(Path file) throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                options.addAll(List.of(line.strip().split("\\s+")));
            }
        }
        return options;
    }

    private JsonObject peer(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, PEER_SCRIPT));
        cmd.addAll(List.of(args));
        return exec(cmd, o.peerEnv);
    }

    private static JsonObject exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null) {
            throw new IllegalStateException("failed (exit " + rc + "): " + String.join(" ", cmd));
        }
        return JsonParser.parseString(last).getAsJsonObject();
    }

    private void findPeer() throws InterruptedException {
        if (!o.peer) {
            peerNote = "skipped (--no-peer)";
            return;
        }
        List<String> candidates = o.python != null ? List.of(o.python) : List.of("/usr/bin/python3", "python3");
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import torch; print(torch.__version__)")
                        .redirectErrorStream(true)
                        .start();
                String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() == 0) {
                    python = c;
                    peerNote = c + " with torch " + v + ", torch.set_num_threads(1)"
                            + (o.peerEnv.isEmpty() ? "" : ", " + o.peerEnv);
                    return;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        peerNote = "NOT INSTALLED: no Python with torch among " + candidates
                + " (install it with: apt-get install -y python3-torch libopenblas0-pthread);"
                + " the ratios to the peer are missing";
        System.err.println("bench: the Python peer is " + peerNote);
    }

    /**
     * Returns the recipe's floating-point operations per training word: forward {@code 2 * 4H *
     * (in + H)} per LSTM layer plus {@code 2 * H * V} for the softmax (the embedding lookup and the
     * element-wise work are left out), and training about 3 times the forward pass.
     *
     * @param preset the preset
     * @param vocab the vocabulary size
     * @return FLOPs per word, training
     */
    static double trainingFlopsPerWord(String preset, int vocab) {
        ModelSpec s = Presets.get(preset).model();
        double forward = 0;
        long in = s.embeddingSize();
        for (int l = 0; l < s.numLayers(); l++) {
            long h = s.hiddenSize(l);
            forward += 2.0 * 4 * h * (in + h);
            in = h;
        }
        forward += 2.0 * in * vocab;
        return 3 * forward;
    }

    @Override
    public String toString() {
        return "Bench" + o;
    }
}

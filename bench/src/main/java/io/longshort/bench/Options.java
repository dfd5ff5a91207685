package io.longshort.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The command-line options of the harness and of its workers ({@code --name value}). */
final class Options {

    String task = "all";
    String engine = "pytorch";
    String preset = "small";
    String data = "synthetic";
    List<String> engines = List.of("pytorch", "mxnet");
    List<String> presets = List.of("small", "medium");
    List<String> datas = List.of("synthetic", "ptb");
    Path ptbDir = defaultPtbDir();
    int vocab = 10_000;
    int runs = 3;
    int steps = 20;
    int stepsSmall = 40;
    int stepsMedium = 12;
    int warmup = 3;
    int evalWindows = 20;
    int words = 300;
    int memorySteps = 2000;
    Set<Long> rssAt = new TreeSet<>();
    int size = 2048;
    int reps = 5;
    String python;
    java.util.Map<String, String> peerEnv = new java.util.TreeMap<>();
    boolean peer = true;
    boolean latency = true;
    boolean memory = true;
    boolean batching = true;
    List<Boolean> batchings = List.of(true, false);
    List<Integer> clients = List.of(1, 8, 32);
    int loadRequests = 480;
    double loadSeconds = 30;
    double loadWarmup = 10;
    int loadTexts = 64;
    int batchSize = 16;
    int maxBatchDelay = 20;
    int corpusRepeat = 16;
    List<String> corpusModes = CorpusRuns.MODES;
    Path dir;
    /** Where the load runs' servers write their output, a file each; {@code null}: deleted with the run. */
    Path serverLogs;
    /** The worker's: the file its load run's server writes its output to. */
    Path serverLog;

    Set<String> only = new TreeSet<>(List.of("matmul", "train", "latency", "memory", "load", "corpus"));
    Path json = Path.of("bench/results/latest.json");

    static final String USAGE = String.join(
            "\n",
            "bench/bin/bench [options]      (every figure: median, min and max of --runs runs)",
            "  --runs N              runs of each measurement (default 3)",
            "  --engines a,b         engines (default pytorch,mxnet); name@N: with N intra-op threads;",
            "                        name+aten: the self-check's fallback (ATen's LSTM), +avx2: oneDNN capped at AVX2,",
            "                        +launcher: the JVM options of examples/bin/longshort (examples/bin/jvm.options);",
            "                        the load runs' server takes @N and +aten too; the corpus runs skip such names",
            "  --presets a,b         presets for training/evaluation speed (default small,medium)",
            "  --data a,b            synthetic (10,000-word ids), ptb, builtin (the demo corpus) (default synthetic,ptb)",
            "  --ptb-dir DIR         PTB folder (default $LONGSHORT_PTB_DIR, else ../shared/data/ptb)",
            "  --steps-small N       timed training windows per run, small (default 40)",
            "  --steps-medium N      timed training windows per run, medium (default 12)",
            "  --warmup N            untimed windows before (default 3)",
            "  --eval-windows N      evaluation windows (default 20)",
            "  --words N             words of the session latency run (default 300)",
            "  --memory-steps N      steps of the memory run, small preset (default 2000; 0 skips)",
            "  --no-latency          skip the session latency",
            "  --no-peer             skip the Python peer",
            "  --clients a,b         concurrent clients of the load runs (default 1,8,32)",
            "  --batching a,b        dynamic batching of the load runs' server: on, off (default on,off)",
            "  --batch-size N        the server's batch_size when batching is on (default 16)",
            "  --max-batch-delay MS  the server's max_batch_delay when batching is on (default 20)",
            "  --load-requests N     timed requests of each load level (default 480) ...",
            "  --load-seconds S      ... or this many seconds, whichever ends first (default 30)",
            "  --load-warmup S       untimed seconds of load before each level is timed (default 10)",
            "  --server-logs DIR     keep each load run's server output in DIR, a file a run, replacing one of the same name",
            "                        (default: deleted after the run)",
            "  --corpus-repeat N     times batch-score's input repeats ptb.valid.txt's line lengths (default 16; one by one: 4 at most)",
            "  --corpus-modes a;b    the corpus runs' modes, separated by ';' (default all: one-by-one;one-by-one@1;",
            "                        batch-score local[1];batch-score local[2];batch-score local-cluster[2,1,2048])",
            "  --only a,b            only these parts: matmul, train, latency, memory, load, corpus (default all)",
            "  --peer-env K=V        an environment variable for the peer (e.g. OPENBLAS_NUM_THREADS=1)",
            "  --python PATH         the Python with torch (default: /usr/bin/python3, else python3)",
            "  --quick               1 run, few steps, memory run of 400 steps: a plumbing check",
            "  --json FILE           where to write the results (default bench/results/latest.json)");

    static Path defaultPtbDir() {
        String env = System.getenv("LONGSHORT_PTB_DIR");
        return Path.of(env != null && !env.isBlank() ? env : "../shared/data/ptb");
    }

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> a = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i < a.size(); i++) {
            String k = a.get(i);
            switch (k) {
                case "--quick" -> {
                    o.runs = 1;
                    o.stepsSmall = 10;
                    o.stepsMedium = 3;
                    o.evalWindows = 5;
                    o.words = 50;
                    o.memorySteps = 400;
                    o.size = 1024;
                    o.loadRequests = 64;
                    o.loadSeconds = 10;
                    o.loadWarmup = 1;
                }
                case "--no-peer" -> o.peer = false;
                case "--no-latency" -> o.latency = false;
                case "-h", "--help" -> o.task = "help";
                default -> {
                    if (!k.startsWith("--") || i + 1 >= a.size()) {
                        throw new IllegalArgumentException("Unknown option " + k + "\n" + USAGE);
                    }
                    o.set(k.substring(2), a.get(++i));
                }
            }
        }
        return o;
    }

    private void set(String key, String v) {
        switch (key) {
            case "task" -> task = v;
            case "engine" -> engine = v;
            case "preset" -> preset = v;
            case "data" -> {
                data = v;
                datas = List.of(v.split(","));
            }
            case "engines" -> engines = List.of(v.split(","));
            case "presets" -> presets = List.of(v.split(","));
            case "ptb-dir" -> ptbDir = Path.of(v);
            case "vocab" -> vocab = Integer.parseInt(v);
            case "runs" -> runs = Integer.parseInt(v);
            case "steps" -> steps = Integer.parseInt(v);
            case "steps-small" -> stepsSmall = Integer.parseInt(v);
            case "steps-medium" -> stepsMedium = Integer.parseInt(v);
            case "warmup" -> warmup = Integer.parseInt(v);
            case "eval-windows" -> evalWindows = Integer.parseInt(v);
            case "words" -> words = Integer.parseInt(v);
            case "memory-steps" -> memorySteps = Integer.parseInt(v);
            case "memory" -> memory = Boolean.parseBoolean(v);
            case "rss-at" -> {
                for (String s : v.split(",")) {
                    if (!s.isBlank()) {
                        rssAt.add(Long.parseLong(s.trim()));
                    }
                }
            }
            case "size" -> size = Integer.parseInt(v);
            case "reps" -> reps = Integer.parseInt(v);
            case "python" -> python = v;
            case "peer-env" -> {
                String[] kv = v.split("=", 2);
                peerEnv.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            case "batching" -> {
                batchings = new ArrayList<>();
                for (String b : v.split(",")) {
                    if (!b.equals("on") && !b.equals("off")) {
                        throw new IllegalArgumentException("--batching takes on, off or on,off, not " + v);
                    }
                    batchings.add(b.equals("on"));
                }
                batching = batchings.get(0);
            }
            case "clients" ->
                clients = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
            case "load-requests" -> loadRequests = Integer.parseInt(v);
            case "load-seconds" -> loadSeconds = Double.parseDouble(v);
            case "load-warmup" -> loadWarmup = Double.parseDouble(v);
            case "load-texts" -> loadTexts = Integer.parseInt(v);
            case "batch-size" -> batchSize = Integer.parseInt(v);
            case "max-batch-delay" -> maxBatchDelay = Integer.parseInt(v);
            case "corpus-repeat" -> corpusRepeat = Integer.parseInt(v);
            case "corpus-modes" -> {
                corpusModes = new ArrayList<>();
                for (String m : v.split(";")) {
                    if (!CorpusRuns.MODES.contains(m.strip())) {
                        throw new IllegalArgumentException(
                                "--corpus-modes takes modes among " + CorpusRuns.MODES + " separated by ';', not " + m);
                    }
                    corpusModes.add(m.strip());
                }
            }
            case "dir" -> dir = Path.of(v);
            case "server-logs" -> serverLogs = Path.of(v);
            case "server-log" -> serverLog = Path.of(v);
            case "only" -> only = new TreeSet<>(List.of(v.split(",")));
            case "json" -> json = Path.of(v);
            default -> throw new IllegalArgumentException("Unknown option --" + key + "\n" + USAGE);
        }
    }

    int stepsOf(String presetName) {
        return presetName.equals("medium") ? stepsMedium : presetName.equals("small") ? stepsSmall : steps;
    }

    @Override
    public String toString() {
        return "runs=" + runs + " engines=" + engines + " presets=" + presets + " data=" + datas
                + " steps-small=" + stepsSmall + " steps-medium=" + stepsMedium + " warmup=" + warmup
                + " eval-windows=" + evalWindows + " words=" + words + " memory-steps=" + memorySteps
                + " matmul-size=" + size + " clients=" + clients + " batching=" + batchings
                + " batch-size=" + batchSize + " max-batch-delay=" + maxBatchDelay + " load-requests=" + loadRequests
                + " load-seconds=" + loadSeconds + " load-warmup=" + loadWarmup + " corpus-repeat=" + corpusRepeat;
    }
}

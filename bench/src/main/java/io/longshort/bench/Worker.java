package io.longshort.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.InferenceThreads;
import io.longshort.core.engine.LstmSelfCheck;
import io.longshort.core.inference.LanguageModel;
import io.longshort.core.inference.Session;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import io.longshort.core.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One measurement in its own JVM (so that its peak resident memory is its own): {@code train},
 * {@code latency} or {@code matmul}. Training goes through {@link LanguageModelTrainer}, the path
 * users take, timed from the end of the warm-up windows to the end of the last window by the
 * trainer's own step reports; evaluation is the trainer's validation pass, timed by its progress
 * reports. The run reports once (cost and sampled accuracy, on the first window, during warm-up):
 * a real epoch reports ten times in thousands of windows, while the default interval on the
 * bench's short corpus would take the arg-max over the vocabulary on every third window, which
 * the Python peer never computes. Prints one JSON object on its last line.
 */
final class Worker {

    private Worker() {}

    static Map<String, Object> run(Options o) throws IOException, InterruptedException {
        Map<String, Object> out = switch (o.task) {
            case "train" -> train(o);
            case "latency" -> latency(o);
            case "matmul" -> matmul(o);
            case "load" -> load(o);
            case "corpus-setup" -> corpusSetup(o);
            default -> throw new IllegalArgumentException("unknown task " + o.task);
        };
        out.put("task", o.task);
        out.put("engine", o.engine);
        out.put("peak_rss_kib", Rss.kib("VmHWM"));
        out.put("rss_kib", Rss.kib("VmRSS"));
        return out;
    }

    private static Map<String, Object> train(Options o) throws IOException {
        Preset p = Presets.get(o.preset);
        int batch = p.model().batchSize();
        int steps = p.model().numSteps();
        int windows = o.warmup + o.steps;
        Corpus corpus = switch (o.data) {
            case "ptb" -> Synthetic.ptb(o.ptbDir, batch, steps, o.evalWindows);
            case "builtin" -> Synthetic.builtin(batch, steps, o.evalWindows);
            default -> Synthetic.corpus(o.vocab, batch, steps, windows, o.evalWindows);
        };
        int perEpoch = (corpus.train().length / batch - 1) / steps;
        if (windows > perEpoch) {
            throw new IllegalArgumentException("warm-up + steps = " + windows + " but the data has " + perEpoch
                    + " windows of " + o.preset + "; lower --steps");
        }
        ModelSpec spec = p.model().withVocabularySize(corpus.vocabulary().size());
        long[] stepNanos = new long[windows + 1];
        long[] evalNanos = new long[2];
        int[] evalWindows = new int[1];
        Map<String, Long> rssAt = new LinkedHashMap<>();
        Map<String, Long> javaHeapAt = new LinkedHashMap<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(StepReport r) {
                stepNanos[(int) r.step()] = System.nanoTime();
                // -Dbench.torchprof=FILE (PyTorch only): libtorch's profiler over the timed
                // windows, written as a Chrome trace (see BENCHMARKS.md, "Where the time goes")
                String prof = System.getProperty("bench.torchprof");
                if (prof != null && (r.step() == o.warmup || r.step() == windows)) {
                    try {
                        Class<?> j = Class.forName("ai.djl.pytorch.jni.JniUtils");
                        if (r.step() == o.warmup) {
                            j.getMethod("startProfile", boolean.class, boolean.class, boolean.class)
                                    .invoke(null, false, true, false);
                        } else {
                            j.getMethod("stopProfile", String.class).invoke(null, prof);
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                if (o.rssAt.contains(r.step())) {
                    rssAt.put(Long.toString(r.step()), Rss.kib("VmRSS"));
                    Runtime rt = Runtime.getRuntime();
                    javaHeapAt.put(Long.toString(r.step()), rt.totalMemory() / 1024);
                }
            }

            @Override
            public void onEvaluationProgress(String split, int done, int total, double ppl) {
                if (split.equals("valid")) {
                    if (done == 1) {
                        evalNanos[0] = System.nanoTime();
                    } else if (done == total) {
                        evalNanos[1] = System.nanoTime();
                        evalWindows[0] = total - 1;
                    }
                }
            }
        };
        Path dir = Files.createTempDirectory("longshort-bench");
        // with no warm-up (memory runs) the timed span starts here, setup included: the step
        // reports count from 1
        stepNanos[0] = System.nanoTime();
        try {
            TrainingResult result = new LanguageModelTrainer(
                            Backends.get(o.engine),
                            corpus,
                            spec,
                            p.training().withMaxSteps(windows).withLogEvery(windows),
                            dir.resolve("model"))
                    .optListener(listener)
                    .optTestWindow(batch, steps)
                    .train();
            Map<String, Object> out = new LinkedHashMap<>();
            double seconds = (stepNanos[windows] - stepNanos[o.warmup]) / 1e9;
            out.put("train_words_per_second", (double) o.steps * batch * steps / seconds);
            out.put(
                    "eval_words_per_second",
                    (double) evalWindows[0] * batch * steps / ((evalNanos[1] - evalNanos[0]) / 1e9));
            out.put("train_perplexity", result.trainPerplexity());
            out.put("rss_kib_at", rssAt);
            out.put("java_heap_committed_kib_at", javaHeapAt);
            out.put("vocab", corpus.vocabulary().size());
            out.put("engine_version", Backends.get(o.engine).describe());
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Saves a model of the preset after one training window on a synthetic corpus: the speed of a
     * forward pass does not depend on the weights.
     *
     * @return the corpus, whose vocabulary the model has
     */
    private static Corpus saveUntrainedModel(Options o, Path model) {
        Preset p = Presets.get(o.preset);
        int batch = p.model().batchSize();
        int steps = p.model().numSteps();
        Corpus corpus = Synthetic.corpus(o.vocab, batch, steps, 1, 1);
        ModelSpec spec = p.model().withVocabularySize(corpus.vocabulary().size());
        new LanguageModelTrainer(
                        Backends.get(o.engine), corpus, spec, p.training().withMaxSteps(1), model)
                .optTestWindow(batch, steps)
                .train();
        return corpus;
    }

    /** Saves the corpus runs' untrained model in {@code --dir}/model and their corpus ({@link CorpusRuns#writeCorpus}). */
    private static Map<String, Object> corpusSetup(Options o) throws IOException {
        saveUntrainedModel(o, o.dir.resolve("model"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lines", CorpusRuns.writeCorpus(o.ptbDir, o.vocab, o.corpusRepeat, o.dir));
        return out;
    }

    private static Map<String, Object> latency(Options o) throws IOException {
        Path dir = Files.createTempDirectory("longshort-bench");
        try {
            Path model = dir.resolve("model");
            Corpus corpus = saveUntrainedModel(o, model);
            int[] ids = Synthetic.ids(o.words + o.warmup, o.vocab);
            double[] ms = new double[o.words];
            double logp = 0;
            try (LanguageModel lm = LanguageModel.load(model, o.engine);
                    Session session = lm.newSession()) {
                for (int k = 0; k < ids.length; k++) {
                    String word = corpus.vocabulary().word(ids[k]);
                    long t0 = System.nanoTime();
                    logp = session.append(word);
                    long dt = System.nanoTime() - t0;
                    if (k >= o.warmup) {
                        ms[k - o.warmup] = dt / 1e6;
                    }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("latency_ms", Stats.median(ms));
            out.put("latency_ms_mean", Arrays.stream(ms).average().orElse(Double.NaN));
            out.put("last_logp", logp);
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The server under load: an untrained model of the preset (one training window: the speed of a
     * forward pass does not depend on the weights) served by {@code longshort serve} in its own
     * JVM, with dynamic batching on ({@code --batch-size} and {@code --max-batch-delay} of the
     * options) or off ({@code --batch-size 1}); then {@link Load} at each number of clients.
     */
    private static Map<String, Object> load(Options o) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("longshort-bench");
        try {
            Path model = dir.resolve("model");
            Corpus corpus = saveUntrainedModel(o, model);
            List<String> args = new ArrayList<>(List.of("--model", "bench=" + model, "--engine", o.engine));
            if (o.batching) {
                args.addAll(List.of("--batch-size", "" + o.batchSize, "--max-batch-delay", "" + o.maxBatchDelay));
            } else {
                args.addAll(List.of("--batch-size", "1"));
            }
            // the server runs as this worker was started: pytorch@N (N intra-op threads, so a batch
            // worker every N cores) and +aten (ATen's LSTM). Only the command line's flags count:
            // the PyTorch backend sets ai.djl.pytorch.num_threads in this JVM when it loads, and
            // passing that on would make the server's default (one thread a worker) two threads
            // and one worker. Environment variables are inherited anyway.
            List<String> jvmFlags = new ArrayList<>();
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("-D" + InferenceThreads.PYTORCH_THREADS + "=")
                        || arg.startsWith("-D" + LstmSelfCheck.PROPERTY + "=")) {
                    jvmFlags.add(arg);
                }
            }
            List<Map<String, Object>> levels = new ArrayList<>();
            int exit;
            Path log = dir.resolve("serve.log");
            if (o.serverLog != null) {
                Files.createDirectories(o.serverLog.toAbsolutePath().getParent());
                log = o.serverLog;
            }
            try (ServerProcess server = ServerProcess.start(jvmFlags, log, args.toArray(String[]::new))) {
                Load load = new Load(server.uri("/v1/models/bench/next-words"), loadTexts(corpus, o.loadTexts));
                for (int clients : o.clients) {
                    levels.add(load.level(clients, o.loadRequests, o.loadSeconds, o.loadWarmup));
                }
                exit = server.stop();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("batching", o.batching);
            out.put("batch_size", o.batching ? o.batchSize : 1);
            out.put("max_batch_delay_ms", o.maxBatchDelay);
            out.put("levels", levels);
            out.put("server_exit", exit);
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    /** Texts of 4 to 40 words of the synthetic stream, each from its own place in it. */
    static List<String> loadTexts(Corpus corpus, int n) {
        int[] ids = Synthetic.ids(n * 41, corpus.vocabulary().size());
        List<String> texts = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 4 + (t * 13) % 37; i++) {
                words.add(corpus.vocabulary().word(ids[t * 41 + i]));
            }
            texts.add(String.join(" ", words));
        }
        return texts;
    }

    private static Map<String, Object> matmul(Options o) {
        Backend backend = Backends.get(o.engine);
        int n = o.size;
        List<Double> rates = new ArrayList<>();
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray a = m.randomUniform(0, 1, new Shape(n, n));
            NDArray b = m.randomUniform(0, 1, new Shape(n, n));
            a.matMul(b).toFloatArray();
            for (int r = 0; r < o.reps; r++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // waits for asynchronous engines
                }
                rates.add(2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gflops", rates.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        out.put(
                "gflops_median",
                Stats.median(rates.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("size", n);
        out.put("threads", System.getProperty(InferenceThreads.PYTORCH_THREADS, "default"));
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

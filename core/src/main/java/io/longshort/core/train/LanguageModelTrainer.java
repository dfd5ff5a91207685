package io.longshort.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.DataChecksums;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.checkpoint.ModelRecord;
import io.longshort.core.data.BatchProducer;
import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.eval.Evaluation;
import io.longshort.core.eval.Evaluator;
import io.longshort.core.model.Losses;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import com.google.gson.JsonParseException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipe's training loop. Each window starts from the previous window's final state with its
 * gradient cut; the state is zero at the start of each epoch and of each evaluation. The cost is
 * the cross-entropy summed over the steps and averaged over the batch; the gradient is clipped by
 * its global norm, then the plan's optimizer updates the parameters (plain SGD in the recipe, or
 * Adam: {@link ParameterUpdater}); the learning rate follows the plan's schedule ({@link
 * LearningRates}: the recipe's rule or reduce-on-plateau). Validation runs after each epoch with the training batch and
 * steps, the test at the end with batch 1 (as the tutorial does; see {@link #optTestWindow}). A checkpoint is
 * written to {@code out/checkpoint} (or the plan's {@code checkpointDir}) after each epoch and the final model to {@code out}, whose record
 * holds the SHA-256 of each data split ({@link DataChecksums}); {@code out} also receives the
 * metrics as CSV and a chart ({@link MetricsWriter}).
 */
public final class LanguageModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelTrainer.class);

    /**
     * The cost a word (in nats) above which training has diverged: a perplexity of {@code e^700}
     * is beyond a double, while uniform guessing over a vocabulary of {@code V} words costs {@code
     * ln V} (9.2 for 10,000). Past it the weights have blown up even where the float overflow that
     * would turn the cost into NaN has not yet happened, which depends on the kernel and the CPU.
     */
    static final float MAX_COST_PER_WORD = 700f;

    private final Backend backend;
    private final Corpus corpus;
    private final ModelSpec spec;
    private final TrainingPlan plan;
    private final Path outDir;
    private String preset;
    private Map<String, String> dataInfo = Map.of();
    private TrainingListener listener = new TrainingListener() {};
    private int testBatchSize = 1;
    private int testSteps;
    private Map<String, String> dataChecksums;
    private int checkpointEvery;
    private int keepCheckpoints = 3;
    private String runId;
    private boolean resume;
    private Path lastCheckpoint;

    /**
     * Creates a trainer.
     *
     * @param backend the engine
     * @param corpus the data; the spec's vocabulary size must equal the corpus vocabulary's
     * @param spec the model spec
     * @param plan the training plan
     * @param outDir the model folder to write
     */
    public LanguageModelTrainer(
            Backend backend, Corpus corpus, ModelSpec spec, TrainingPlan plan, Path outDir) {
        if (spec.vocabularySize() != corpus.vocabulary().size()) {
            throw new LongshortException(
                    "The model's vocabularySize is " + spec.vocabularySize() + " but the corpus has "
                            + corpus.vocabulary().size()
                            + " words: use spec.withVocabularySize(corpus.vocabulary().size()).");
        }
        spec.checkFits(corpus);
        this.backend = backend;
        this.corpus = corpus;
        this.spec = spec;
        this.plan = plan;
        this.outDir = outDir;
    }

    /**
     * Sets the preset name recorded with the model.
     *
     * @param name the preset name
     * @return this trainer
     */
    public LanguageModelTrainer optPreset(String name) {
        this.preset = name;
        return this;
    }

    /**
     * Sets the description of the data source recorded with the model.
     *
     * @param info for example {@code kind=builtin, seed=42} or {@code kind=ptb, path=...}
     * @return this trainer
     */
    public LanguageModelTrainer optDataInfo(Map<String, String> info) {
        this.dataInfo = Map.copyOf(info);
        return this;
    }

    /**
     * Sets the listener for progress reports.
     *
     * @param l the listener
     * @return this trainer
     */
    public LanguageModelTrainer optListener(TrainingListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Sets the batch size and steps of the final test evaluation. The default is batch 1 with the
     * model's own steps: the tutorial tests with batch 1 and 1 step, and since the state carries
     * from window to window, batch 1 with {@code T} steps gives every word the same conditional
     * probability (only the last {@code < T} words of the split are left out) at a fraction of
     * the cost. Pass {@code (1, 1)} for the tutorial's exact run.
     *
     * @param batchSize the batch size
     * @param steps the steps
     * @return this trainer
     */
    public LanguageModelTrainer optTestWindow(int batchSize, int steps) {
        this.testBatchSize = batchSize;
        this.testSteps = steps;
        return this;
    }

    /**
     * Sets how often a checkpoint is written within an epoch, besides the one after each epoch.
     *
     * @param windows a checkpoint every this many training windows, or 0 for epoch ends only
     * @return this trainer
     */
    public LanguageModelTrainer optCheckpointEvery(int windows) {
        if (windows < 0) {
            throw new LongshortException(
                    "--checkpoint-every is " + windows + ": it must be 0 (epoch ends only) or more.");
        }
        this.checkpointEvery = windows;
        return this;
    }

    /**
     * Sets how many of the newest checkpoints to keep; the one with the best validation
     * perplexity is kept as well. The default is 3.
     *
     * @param count at least 1
     * @return this trainer
     */
    public LanguageModelTrainer optKeepCheckpoints(int count) {
        if (count < 1) {
            throw new LongshortException(
                    "--keep-checkpoints is " + count + ": it must be at least 1.");
        }
        this.keepCheckpoints = count;
        return this;
    }

    /**
     * Sets the run's identity, recorded in its checkpoints; a resumed run continues only from
     * checkpoints of the same run. The default is a random id.
     *
     * @param id the run id
     * @return this trainer
     */
    public LanguageModelTrainer optRunId(String id) {
        this.runId = id;
        return this;
    }

    /**
     * Makes {@link #train()} continue from the newest valid checkpoint of the run (see {@link
     * #optRunId}), or of any run if no id was set, in the checkpoint folder; without one it
     * starts from the beginning. The spec, plan and data must be the ones the run started with.
     *
     * @param resume whether to resume
     * @return this trainer
     */
    public LanguageModelTrainer optResume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /**
     * Returns the checkpoint folder of this run.
     *
     * @return the folder holding the {@code step-N} checkpoints
     */
    public Path checkpointRoot() {
        return plan.checkpointDir(outDir);
    }

    /**
     * Trains, evaluates and saves the model.
     *
     * @return the result
     */
    public TrainingResult train() {
        int batch = spec.batchSize();
        int steps = spec.numSteps();
        Layout layout = plan.layout();
        BatchProducer producer = new BatchProducer(corpus.train(), batch, steps, layout);
        int windows = producer.numWindows();
        if (windows == 0) {
            throw new LongshortException(
                    "The training data has " + corpus.train().length + " words, too few for one window"
                            + " of batch " + batch + " and " + steps + " steps (needs at least "
                            + (batch * (steps + 1)) + "): give more data or lower batch and steps.");
        }
        int logEvery = plan.logEvery() > 0 ? plan.logEvery() : Math.max(1, windows / 10);
        Shape shape = layout == Layout.BATCH_MAJOR ? new Shape(batch, steps) : new Shape(steps, batch);
        boolean dropout = spec.inputDropout() > 0 || spec.hiddenDropout() > 0 || spec.outputDropout() > 0;
        CheckpointStore store = new CheckpointStore(checkpointRoot(), keepCheckpoints);
        List<String> damaged = new ArrayList<>();
        Optional<CheckpointStore.Checkpoint> from = resume ? store.latest(runId, damaged) : Optional.empty();
        if (from.isEmpty() && !damaged.isEmpty()) {
            // checkpoints there are, none usable: stop rather than start over
            throw new LongshortException("No usable checkpoint in " + store.root() + " (" + damaged.size()
                    + " damaged, the newest: " + damaged.get(0).replaceFirst("; use an earlier.*$", "")
                    + "); delete the damaged step-N folders to start the run from the beginning.");
        }
        for (String d : damaged) {
            LOG.warn("skipped a damaged checkpoint: {}", d);
        }
        store.removeTemporary();
        if (runId == null) {
            runId = from.map(c -> c.manifest().runId()).orElse(UUID.randomUUID().toString());
        }
        TrainerState start = from.map(c -> readState(c.dir())).orElse(null);
        if (from.isPresent()) {
            restoreMetricsFiles(from.get().dir());
            LOG.info("resuming from {} (epoch {}, window {})", from.get().dir(), start.epoch() + 1, start.window() + 1);
        }
        Progress p = start != null ? Progress.of(start) : new Progress();
        try (Network net = from.isPresent()
                        ? Network.load(backend, spec, layout, from.get().dir().resolve(ModelFiles.PARAMETERS))
                        : Network.create(backend, spec, layout, plan.seed());
                ParameterUpdater updater = new ParameterUpdater(backend, plan.optimizer(), net.manager());
                MetricsWriter metricsFiles = new MetricsWriter(outDir, from.isPresent())) {
            TrainingListener events = TrainingListener.all(metricsFiles, listener);
            Engine engine = backend.engine();
            List<Parameter> params = net.parameters();
            if (from.isPresent()) {
                // loaded parameters come without gradients; training needs them
                for (Parameter q : params) {
                    q.getArray().setRequiresGradient(true);
                }
            }
            LearningRates rates = new LearningRates(plan);
            NDManager stateManager = net.manager().newSubManager();
            NDList state = null;
            if (start != null) {
                rates.restore(start.learningRates());
                restoreOptimizer(from.get().dir(), start, updater, params, stateManager);
                state = readCarriedState(from.get().dir(), stateManager);
            }
            boolean budgetReached = false;
            try {
                while (p.epoch < plan.epochs() && !budgetReached) {
                    float lr = rates.rate(p.epoch);
                    if (state == null) {
                        state = net.zeroState(stateManager, batch);
                    }
                    while (p.window < windows) {
                        if (plan.maxSteps() > 0 && p.totalSteps >= plan.maxSteps()) {
                            budgetReached = true;
                            break;
                        }
                        if (dropout) {
                            engine.setRandomSeed(windowSeed(plan.seed(), p.totalSteps));
                        }
                        long t0 = System.nanoTime();
                        try (NDManager step = net.manager().newSubManager()) {
                            NDArray x = step.create(producer.inputs(p.window), shape);
                            NDArray y = step.create(producer.targets(p.window), shape);
                            NDList out;
                            NDArray cost;
                            try (GradientCollector collector = engine.newGradientCollector()) {
                                out = net.forward(x, state, true);
                                Optional<NDArray> direct = backend.backwardFromLogits(out.get(0), y, batch);
                                if (direct.isPresent()) {
                                    cost = direct.get();
                                } else {
                                    cost = Losses.cost(out.get(0), y, batch);
                                    collector.backward(cost);
                                }
                            }
                            float c = cost.getFloat();
                            if (!Float.isFinite(c) || c / steps > MAX_COST_PER_WORD) {
                                throw diverged(p, windows, lr, "the cost is " + c + " (" + steps + " steps)", store);
                            }
                            p.epochCost += c;
                            if (accuracySampled(p.epochWindows, logEvery)) {
                                // an arg-max over the vocabulary at every position costs about 5%
                                // of a small-preset step
                                p.epochCorrect += Losses.correct(out.get(0), y).toType(DataType.INT64, false).getLong();
                            }
                            update(params, step, lr, updater, p, windows, store);
                            NDManager next = net.manager().newSubManager();
                            NDList carried = Network.detachedState(out, next);
                            stateManager.close();
                            stateManager = next;
                            state = carried;
                        }
                        long dt = System.nanoTime() - t0;
                        p.epochNanos += dt;
                        p.trainNanos += dt;
                        p.trainWords += (long) batch * steps;
                        p.epochWindows++;
                        p.totalSteps++;
                        p.window++;
                        double words = (double) p.epochWindows * batch * steps;
                        double sampledWords = (double) sampledWindows(p.epochWindows, logEvery) * batch * steps;
                        StepReport report = new StepReport(p.epoch, p.window - 1, windows, p.totalSteps,
                                Math.exp(p.epochCost / ((double) p.epochWindows * steps)),
                                p.epochCorrect / sampledWords, words / (p.epochNanos / 1e9), lr);
                        events.onStep(report);
                        if (p.epochWindows % logEvery == 0) {
                            events.onLog(report);
                        }
                        // within the epoch only: its end (or the step budget's) has a checkpoint of its
                        // own, after validation
                        boolean lastWindow = p.window == windows
                                || (plan.maxSteps() > 0 && p.totalSteps >= plan.maxSteps());
                        if (checkpointEvery > 0 && p.totalSteps % checkpointEvery == 0 && !lastWindow) {
                            checkpoint(store, net, updater, rates, p, state, false, null);
                        }
                    }
                    if (p.epochWindows == 0) {
                        break;
                    }
                    p.epochsDone++;
                    p.lastTrainPpl = Math.exp(p.epochCost / ((double) p.epochWindows * steps));
                    Evaluation valid = evaluate(net, corpus.valid(), batch, steps, "valid", 0);
                    p.lastValidPpl = valid.perplexity();
                    rates.afterValidation(p.lastValidPpl);
                    double epochWps = (double) p.epochWindows * batch * steps / (p.epochNanos / 1e9);
                    events.onEpoch(new EpochReport(p.epoch, lr, p.lastTrainPpl, p.lastValidPpl, epochWps));
                    p.metrics.put("train_perplexity", p.lastTrainPpl);
                    p.metrics.put("valid_perplexity", p.lastValidPpl);
                    p.metrics.put("train_words_per_second", p.trainWords / (p.trainNanos / 1e9));
                    // the next epoch starts from a zero state with fresh sums
                    stateManager.close();
                    stateManager = net.manager().newSubManager();
                    state = null;
                    p.startEpoch(p.epoch + 1);
                    checkpoint(store, net, updater, rates, p, null, true, p.lastValidPpl);
                }
            } finally {
                stateManager.close();
            }
            int tSteps = testSteps > 0 ? testSteps : steps;
            Evaluation test = evaluate(net, corpus.test(), testBatchSize, tSteps, "test", steps);
            listener.onTest(test);
            double wps = p.trainNanos > 0 ? p.trainWords / (p.trainNanos / 1e9) : 0;
            p.metrics.put("test_perplexity", test.perplexity());
            p.metrics.put("test_accuracy", test.accuracy());
            p.metrics.put("train_words_per_second", wps);
            ModelFiles.save(outDir, net, corpus.vocabulary(), record(p.epochsDone, p.totalSteps, p.metrics));
            LOG.debug("saved model to {}", outDir);
            return new TrainingResult(backend.name(), p.epochsDone, p.totalSteps, p.lastTrainPpl,
                    p.lastValidPpl, test, wps, outDir);
        }
    }

    /** The seed of the engine's generator for a window: a function of the run's seed and the step. */
    static int windowSeed(long seed, long step) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }

    private void checkpoint(CheckpointStore store, Network net, ParameterUpdater updater,
            LearningRates rates, Progress p, NDList carried, boolean endOfEpoch, Double validPpl) {
        TrainerState state = p.toState(runId, rates.position(), updater.steps());
        Manifest header = new Manifest(CheckpointStore.FORMAT_VERSION, runId, p.totalSteps, p.epoch, p.window,
                endOfEpoch, validPpl, Map.of());
        lastCheckpoint = store.write(header, dir -> {
            ModelFiles.save(dir, net, corpus.vocabulary(), record(p.epochsDone, p.totalSteps, p.metrics));
            Files.writeString(dir.resolve(TrainerState.FILE), ModelFiles.gson().toJson(state), StandardCharsets.UTF_8);
            if (carried != null) {
                Files.write(dir.resolve(TrainerState.CARRIED_STATE), carried.encode());
            }
            List<NDArray> optimizer = updater.stateArrays();
            if (!optimizer.isEmpty()) {
                Files.write(dir.resolve(TrainerState.OPTIMIZER), new NDList(optimizer).encode());
            }
            for (String f : List.of(MetricsWriter.LOG_CSV, MetricsWriter.EPOCH_CSV)) {
                if (Files.isRegularFile(outDir.resolve(f))) {
                    Files.copy(outDir.resolve(f), dir.resolve(f));
                }
            }
        }).dir();
    }

    private TrainerState readState(Path dir) {
        try {
            TrainerState s = ModelFiles.gson().fromJson(
                    Files.readString(dir.resolve(TrainerState.FILE), StandardCharsets.UTF_8), TrainerState.class);
            if (s == null || s.learningRates() == null || s.metrics() == null) {
                throw new LongshortException(dir.resolve(TrainerState.FILE) + " is incomplete");
            }
            return s;
        } catch (IOException | JsonParseException e) {
            throw new LongshortException("Cannot read " + dir.resolve(TrainerState.FILE) + " (" + e.getMessage()
                    + "): the checkpoint is damaged; delete that folder to resume from the one before.", e);
        }
    }

    private void restoreMetricsFiles(Path dir) {
        try {
            Files.createDirectories(outDir);
            for (String f : List.of(MetricsWriter.LOG_CSV, MetricsWriter.EPOCH_CSV)) {
                if (Files.isRegularFile(dir.resolve(f))) {
                    ModelFiles.writeAtomically(outDir.resolve(f), Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new LongshortException("Cannot restore the metrics files into " + outDir + ": " + e.getMessage()
                    + "; check that the folder is writable.", e);
        }
    }

    private static NDList readCarriedState(Path dir, NDManager manager) {
        Path file = dir.resolve(TrainerState.CARRIED_STATE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return NDList.decode(manager, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new LongshortException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restoreOptimizer(Path dir, TrainerState s, ParameterUpdater updater,
            List<Parameter> params, NDManager scratch) {
        Path file = dir.resolve(TrainerState.OPTIMIZER);
        List<NDArray> arrays = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            try {
                arrays.addAll(NDList.decode(scratch, Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new LongshortException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        List<NDArray> values = new ArrayList<>();
        for (Parameter q : params) {
            values.add(q.getArray());
        }
        updater.restore(s.optimizerSteps(), arrays, values);
    }

    private LongshortException diverged(Progress p, int windows, float lr, String what, CheckpointStore store) {
        Path kept = lastCheckpoint != null ? lastCheckpoint : store.latest(runId).map(CheckpointStore.Checkpoint::dir).orElse(null);
        return new LongshortException("Training diverged at epoch " + (p.epoch + 1) + ", window " + (p.window + 1)
                + " of " + windows + " (step " + (p.totalSteps + 1) + ") with learning rate " + lr + ": " + what
                + "; lower the learning rate or the clip norm and train again"
                + (kept != null ? " (the last good checkpoint, " + kept + ", is kept)." : "."));
    }

    /** The mutable position and sums of a run; {@link TrainerState} is its saved form. */
    private static final class Progress {
        int epoch;
        int window;
        long totalSteps;
        int epochsDone;
        double epochCost;
        long epochCorrect;
        int epochWindows;
        long epochNanos;
        long trainNanos;
        long trainWords;
        double lastTrainPpl = Double.NaN;
        double lastValidPpl = Double.NaN;
        Map<String, Double> metrics = new LinkedHashMap<>();

        static Progress of(TrainerState s) {
            Progress p = new Progress();
            p.epoch = s.epoch();
            p.window = s.window();
            p.totalSteps = s.totalSteps();
            p.epochsDone = s.epochsDone();
            p.epochCost = s.epochCost();
            p.epochCorrect = s.epochCorrect();
            p.epochWindows = s.epochWindows();
            p.epochNanos = s.epochNanos();
            p.trainNanos = s.trainNanos();
            p.trainWords = s.trainWords();
            p.lastTrainPpl = s.lastTrainPerplexity();
            p.lastValidPpl = s.lastValidPerplexity();
            p.metrics = new LinkedHashMap<>(s.metrics());
            return p;
        }

        void startEpoch(int next) {
            epoch = next;
            window = 0;
            epochCost = 0;
            epochCorrect = 0;
            epochWindows = 0;
            epochNanos = 0;
        }

        TrainerState toState(String runId, LearningRates.Position rates, long optimizerSteps) {
            return new TrainerState(runId, epoch, window, totalSteps, epochsDone, epochCost, epochCorrect,
                    epochWindows, epochNanos, trainNanos, trainWords, lastTrainPpl, lastValidPpl, rates,
                    optimizerSteps, new LinkedHashMap<>(metrics));
        }
    }

    /**
     * Returns whether the training accuracy is measured on a window: the first window of each
     * logging period (windows 0, {@code logEvery}, {@code 2 logEvery}, ... of the epoch).
     */
    static boolean accuracySampled(int epochWindow, int logEvery) {
        return epochWindow % logEvery == 0;
    }

    /**
     * Returns how many of an epoch's first {@code epochWindows} windows had their accuracy
     * measured ({@link #accuracySampled}): the denominator of the running accuracy.
     */
    static int sampledWindows(int epochWindows, int logEvery) {
        return (epochWindows + logEvery - 1) / logEvery;
    }

    private Evaluation evaluate(Network net, int[] data, int batch, int steps, String split, int sample) {
        return Evaluator.evaluate(net, data, batch, steps, corpus.vocabulary(), sample,
                (done, total, ppl) -> listener.onEvaluationProgress(split, done, total, ppl));
    }

    private void update(List<Parameter> params, NDManager step, float lr, ParameterUpdater updater,
            Progress progress, int windows, CheckpointStore store) {
        List<NDArray> grads = new ArrayList<>(params.size());
        for (Parameter p : params) {
            NDArray g = p.getArray().getGradient();
            g.attach(step);
            grads.add(g);
        }
        double norm = GradientClipping.globalNorm(backend, grads);
        if (!Double.isFinite(norm)) {
            throw diverged(progress, windows, lr, "the gradient norm is " + norm, store);
        }
        List<NDArray> arrays = new ArrayList<>(params.size());
        for (Parameter p : params) {
            arrays.add(p.getArray());
        }
        updater.update(arrays, grads, lr, GradientClipping.scale(norm, plan.maxGradNorm()), step);
        backend.zeroGradients(arrays);
    }

    private ModelRecord record(int epochs, long steps, Map<String, Double> metrics) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("longshort", Versions.longshort());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("engine", backend.describe());
        versions.put("java", System.getProperty("java.version"));
        if (dataChecksums == null) {
            dataChecksums = DataChecksums.of(corpus);
        }
        Map<String, String> data = new LinkedHashMap<>(dataInfo);
        data.putAll(dataChecksums);
        return new ModelRecord(ModelFiles.FORMAT_VERSION, spec, plan, preset, data,
                backend.name(), epochs, steps, new LinkedHashMap<>(metrics), versions);
    }
}

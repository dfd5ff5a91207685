package io.longshort.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.longshort.core.LongshortException;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.checkpoint.DataChecksums;
import io.longshort.core.checkpoint.ModelFiles;
import io.longshort.core.data.BatchProducer;
import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backend;
import io.longshort.core.eval.Evaluation;
import io.longshort.core.eval.Evaluator;
import io.longshort.core.model.CarriedState;
import io.longshort.core.model.Losses;
import io.longshort.core.model.Network;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipe's training loop. Each window starts from the previous window's final state with its
 * gradient cut; the state is zero at the start of each epoch and of each evaluation. The cost is
 * the cross-entropy summed over the steps and averaged over the batch; the gradient is clipped by
 * its global norm, then the plan's optimizer updates the parameters (plain SGD in the recipe, or
 * Adam: {@link ParameterUpdater}); the learning rate follows the plan's schedule ({@link
 * LearningRates}: the recipe's rule or reduce-on-plateau). Validation runs after each epoch with
 * the training batch and steps, the test at the end with batch 1 (as the tutorial does; see {@link
 * #optTestWindow}). A checkpoint is written to {@code out/checkpoints} (or the plan's {@code
 * checkpointDir}) after each epoch and at least every {@link #DEFAULT_CHECKPOINT_INTERVAL} (see
 * {@link #optCheckpointInterval}), and the final model to {@code out}, whose record holds the
 * SHA-256 of each data split ({@link DataChecksums}); {@code out} also receives the metrics as CSV
 * and a chart ({@link MetricsWriter}).
 *
 * <p>{@link #train()} itself only trains, as DJL's {@code EasyTrain.fit} does: where a run starts
 * and what it restores is one collaborator's job ({@code Resumption}), stopping a diverged run
 * another's ({@code DivergenceGuard}), and dropout seeding, timing, reports and checkpoints are
 * listeners called before and after each window and after each epoch ({@code LoopListener}).
 * Progress is logged through SLF4J at INFO under this class's logger ({@code TrainingLog}), and
 * a model folder that holds an unfinished run is not started over unless asked ({@code
 * UnfinishedRun}).
 *
 * <p>{@link #stop()}, from any thread, ends a running {@link #train()} after the window in
 * progress with a checkpoint and a {@link TrainingStoppedException}; a command line calls it on
 * Ctrl-C.
 */
public final class LanguageModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelTrainer.class);

    /** The most training time between two checkpoints unless set otherwise: 10 minutes. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(10);

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
    private int checkpointEvery;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private int keepCheckpoints = 3;
    private String runId;
    private boolean resume;
    private boolean overwrite;
    private final TrainingLog log = new TrainingLog(LOG);

    /**
     * Creates a trainer.
     *
     * @param backend the engine
     * @param corpus the data; the spec's vocabulary size must equal the corpus vocabulary's
     * @param spec the model spec
     * @param plan the training plan
     * @param outDir the model folder to write
     */
    public LanguageModelTrainer(Backend backend, Corpus corpus, ModelSpec spec, TrainingPlan plan, Path outDir) {
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
        this.checkpointEvery = TrainerOptions.checkCheckpointEvery(windows, "optCheckpointEvery");
        return this;
    }

    /**
     * Sets the most time between two checkpoints, so that a run killed without warning loses at
     * most that much training; a checkpoint is written after the first window that ends past it.
     * The default is {@link #DEFAULT_CHECKPOINT_INTERVAL}.
     *
     * @param interval the interval, or {@link Duration#ZERO} for checkpoints by window count and
     *     at epoch ends only
     * @return this trainer
     */
    public LanguageModelTrainer optCheckpointInterval(Duration interval) {
        this.checkpointInterval = TrainerOptions.checkCheckpointInterval(interval, "optCheckpointInterval");
        return this;
    }

    /**
     * Asks {@link #train()} to stop, as Ctrl-C does on the command line: training ends after the
     * window in progress (or at once during the final test), a checkpoint of that position is
     * written, and {@code train()} throws a {@link TrainingStoppedException} naming it. A trainer
     * with {@link #optResume optResume(true)} then continues the run exactly. Safe to call from
     * any thread, such as a signal handler; a stop asked for before {@code train()} starts ends
     * it after its first window. The stop uses the request up: a later {@code train()} runs on.
     */
    public void stop() {
        stopRequested.set(true);
    }

    /**
     * Sets how many of the newest checkpoints to keep; the one with the best validation
     * perplexity is kept as well. The default is 3.
     *
     * @param count at least 1
     * @return this trainer
     */
    public LanguageModelTrainer optKeepCheckpoints(int count) {
        this.keepCheckpoints = TrainerOptions.checkKeepCheckpoints(count, "optKeepCheckpoints");
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
     * Lets {@link #train()} start from the beginning in a model folder that holds an unfinished run
     * (checkpoints but no saved model); without it, or {@link #optResume}, it refuses, so that a
     * run started again by mistake does not prune the unfinished run's checkpoints. A finished
     * model in the folder is replaced either way.
     *
     * @param overwrite whether to start again over an unfinished run
     * @return this trainer
     */
    public LanguageModelTrainer optOverwrite(boolean overwrite) {
        this.overwrite = overwrite;
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
     * Trains, evaluates and saves the model, logging its progress through SLF4J at INFO (see
     * {@link #optListener} for reports as values).
     *
     * @return the result
     * @throws LongshortException if the model folder holds an unfinished run and neither {@link
     *     #optResume} nor {@link #optOverwrite} is set, or if training fails
     */
    public TrainingResult train() {
        int batch = spec.batchSize();
        int steps = spec.numSteps();
        BatchProducer batches = trainingBatches();
        int windows = batches.numWindows();
        if (!resume && !overwrite) {
            UnfinishedRun.refuseToStartOver(outDir, checkpointRoot());
        }
        log.start(backend.name(), corpus, spec, plan, windows, outDir);
        CheckpointStore store = new CheckpointStore(checkpointRoot(), keepCheckpoints);
        Resumption start = Resumption.find(store, runId, resume, outDir);
        runId = start.runId(runId);
        if (resume) {
            listener.onResume(start.position(windows), start.checkpoint());
        }
        ModelRecords records = new ModelRecords(backend, corpus, spec, plan, preset, dataInfo);
        Progress p = start.progress();
        try (Network net = start.network(backend, spec, plan.layout(), plan.seed());
                ParameterUpdater updater = new ParameterUpdater(backend, plan.optimizer(), net.manager());
                MetricsWriter metricsFiles = new MetricsWriter(outDir, start.fromCheckpoint())) {
            CheckpointSchedule schedule =
                    new CheckpointSchedule(checkpointEvery, plan.maxSteps(), checkpointInterval, System::nanoTime);
            Checkpoints checkpoints = new Checkpoints(
                    store, runId, schedule, () -> stopRequested.getAndSet(false), outDir, corpus.vocabulary(), records);
            DivergenceGuard guard = new DivergenceGuard(windows, steps, checkpoints::lastGood);
            List<LoopListener> listeners = listeners(TrainingListener.all(metricsFiles, log, listener), checkpoints);
            try (CarriedState carried = new CarriedState(net)) {
                TrainingRun run = new TrainingRun(
                        net,
                        net.parameters(),
                        updater,
                        new LearningRates(plan),
                        carried,
                        p,
                        windows,
                        logEvery(windows));
                start.restore(run);
                while (p.epoch < plan.epochs()) {
                    p.learningRate = run.rates().rate(p.epoch);
                    if (carried.isEmpty()) {
                        carried.zero(batch);
                    }
                    while (p.window < windows && !p.budgetReached(plan.maxSteps())) {
                        listeners.forEach(l -> l.onBatchBegin(run));
                        p.windowDone(trainWindow(run, batches, guard), (long) batch * steps);
                        listeners.forEach(l -> l.onBatchEnd(run));
                    }
                    if (p.epochWindows == 0) {
                        break;
                    }
                    Evaluation valid = evaluate(net, corpus.valid(), batch, steps, "valid", 0, () -> {});
                    EpochReport report = p.finishEpoch(valid.perplexity(), batch, steps);
                    run.rates().afterValidation(p.lastValidPpl);
                    // the next epoch starts from a zero state with fresh sums
                    carried.reset();
                    listeners.forEach(l -> l.onEpochEnd(run, report));
                }
            }
            return finish(net, p, records, () -> {
                if (checkpoints.stopRequested()) {
                    throw checkpoints.stopped(p, windows);
                }
            });
        }
    }

    /**
     * Trains one window from the carried state: the forward pass and the cost's gradient, the
     * global-norm clipping and the update; the window's final state becomes the carried state.
     *
     * @return the window's cost
     */
    private float trainWindow(TrainingRun run, BatchProducer batches, DivergenceGuard guard) {
        Progress p = run.progress();
        int batch = spec.batchSize();
        Shape shape = plan.layout().shape(batch, spec.numSteps());
        try (NDManager step = run.net().manager().newSubManager()) {
            NDArray x = step.create(batches.inputs(p.window), shape);
            NDArray y = step.create(batches.targets(p.window), shape);
            NDList out;
            NDArray cost;
            try (GradientCollector collector = backend.engine().newGradientCollector()) {
                out = run.net().forward(x, run.carried().get(), true);
                Optional<NDArray> direct = backend.backwardFromLogits(out.get(0), y, batch);
                if (direct.isPresent()) {
                    cost = direct.get();
                } else {
                    cost = Losses.cost(out.get(0), y, batch);
                    collector.backward(cost);
                }
            }
            float c = cost.getFloat();
            guard.checkCost(p, c);
            if (ProgressReports.accuracySampled(p.epochWindows, run.logEvery())) {
                // sampled: an arg-max over the vocabulary at every position is dear next to a step
                p.epochCorrect += Losses.correct(out.get(0), y)
                        .toType(DataType.INT64, false)
                        .getLong();
            }
            update(run, step, guard);
            run.carried().carry(out);
            return c;
        }
    }

    private void update(TrainingRun run, NDManager step, DivergenceGuard guard) {
        List<Parameter> params = run.parameters();
        List<NDArray> grads = new ArrayList<>(params.size());
        for (Parameter q : params) {
            NDArray g = q.getArray().getGradient();
            g.attach(step);
            grads.add(g);
        }
        double norm = GradientClipping.globalNorm(backend, grads);
        guard.checkGradientNorm(run.progress(), norm);
        List<NDArray> arrays = new ArrayList<>(params.size());
        for (Parameter q : params) {
            arrays.add(q.getArray());
        }
        run.updater()
                .update(
                        arrays,
                        grads,
                        run.progress().learningRate,
                        GradientClipping.scale(norm, plan.maxGradNorm()),
                        step);
        backend.zeroGradients(arrays);
    }

    private BatchProducer trainingBatches() {
        BatchProducer producer = new BatchProducer(corpus.train(), spec.batchSize(), spec.numSteps(), plan.layout());
        if (producer.numWindows() == 0) {
            throw new LongshortException("The training data has " + corpus.train().length
                    + " words, too few for one window"
                    + " of batch " + spec.batchSize() + " and " + spec.numSteps() + " steps (needs at least "
                    + (spec.batchSize() * (spec.numSteps() + 1)) + "): give more data or lower batch and steps.");
        }
        return producer;
    }

    private int logEvery(int windows) {
        return plan.logEvery() > 0 ? plan.logEvery() : Math.max(1, windows / 10);
    }

    /** The loop's collaborators, in the order they hear of each window. */
    private List<LoopListener> listeners(TrainingListener events, Checkpoints checkpoints) {
        LoopListener reports = new ProgressReports(events, spec.batchSize(), spec.numSteps());
        if (DropoutSeeding.needed(spec)) {
            DropoutSeeding seeding = new DropoutSeeding(backend.engine(), plan.seed());
            return List.of(seeding, new StepTiming(), reports, checkpoints);
        }
        return List.of(new StepTiming(), reports, checkpoints);
    }

    /** Evaluates the test split, checking for a stop after each window, then saves the model with its record. */
    private TrainingResult finish(Network net, Progress p, ModelRecords records, Runnable stopCheck) {
        int steps = spec.numSteps();
        Evaluation test = evaluate(
                net, corpus.test(), testBatchSize, testSteps > 0 ? testSteps : steps, "test", steps, stopCheck);
        listener.onTest(test);
        double wps = p.trainNanos > 0 ? p.trainWords / (p.trainNanos / 1e9) : 0;
        p.metrics.put("test_perplexity", test.perplexity());
        p.metrics.put("test_accuracy", test.accuracy());
        p.metrics.put("train_words_per_second", wps);
        corpus.splitReports().forEach(r -> p.metrics.putAll(r.metrics()));
        ModelFiles.save(outDir, net, corpus.vocabulary(), records.of(p.epochsDone, p.totalSteps, p.metrics));
        TrainingResult result = new TrainingResult(
                backend.name(), p.epochsDone, p.totalSteps, p.lastTrainPpl, p.lastValidPpl, test, wps, outDir);
        log.finish(result);
        return result;
    }

    private Evaluation evaluate(
            Network net, int[] data, int batch, int steps, String split, int sample, Runnable afterWindow) {
        return Evaluator.evaluate(net, data, batch, steps, corpus.vocabulary(), sample, (done, total, ppl) -> {
            listener.onEvaluationProgress(split, done, total, ppl);
            afterWindow.run();
        });
    }
}

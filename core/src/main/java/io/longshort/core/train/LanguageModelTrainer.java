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
import java.nio.file.Path;
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
        long totalSteps = 0;
        long trainNanos = 0;
        long trainWords = 0;
        double lastTrainPpl = Double.NaN;
        double lastValidPpl = Double.NaN;
        int epochsDone = 0;
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (Network net = Network.create(backend, spec, layout, plan.seed());
                MetricsWriter metricsFiles = new MetricsWriter(outDir)) {
            TrainingListener events = TrainingListener.all(metricsFiles, listener);
            Engine engine = backend.engine();
            List<Parameter> params = net.parameters();
            boolean budgetReached = false;
            LearningRates rates = new LearningRates(plan);
            ParameterUpdater updater = new ParameterUpdater(plan.optimizer(), net.manager());
            for (int epoch = 0; epoch < plan.epochs() && !budgetReached; epoch++) {
                float lr = rates.rate(epoch);
                double epochCost = 0;
                long epochCorrect = 0;
                int epochWindows = 0;
                long epochNanos = 0;
                NDManager stateManager = net.manager().newSubManager();
                NDList state = net.zeroState(stateManager, batch);
                try {
                    for (int i = 0; i < windows; i++) {
                        if (plan.maxSteps() > 0 && totalSteps >= plan.maxSteps()) {
                            budgetReached = true;
                            break;
                        }
                        long t0 = System.nanoTime();
                        try (NDManager step = net.manager().newSubManager()) {
                            NDArray x = step.create(producer.inputs(i), shape);
                            NDArray y = step.create(producer.targets(i), shape);
                            NDList out;
                            NDArray cost;
                            try (GradientCollector collector = engine.newGradientCollector()) {
                                out = net.forward(x, state, true);
                                cost = Losses.cost(out.get(0), y, batch);
                                collector.backward(cost);
                            }
                            float c = cost.getFloat();
                            if (!Float.isFinite(c)) {
                                throw new LongshortException(
                                        "Training diverged at epoch " + (epoch + 1) + ", window " + (i + 1)
                                                + " (step " + (totalSteps + 1) + ") with learning rate " + lr
                                                + ": the cost is " + c + "; lower the learning rate or the"
                                                + " clip norm.");
                            }
                            epochCost += c;
                            epochCorrect += Losses.correct(out.get(0), y).toType(DataType.INT64, false).getLong();
                            update(params, step, lr, updater);
                            NDManager next = net.manager().newSubManager();
                            NDList carried = Network.detachedState(out, next);
                            stateManager.close();
                            stateManager = next;
                            state = carried;
                        }
                        long dt = System.nanoTime() - t0;
                        epochNanos += dt;
                        trainNanos += dt;
                        trainWords += (long) batch * steps;
                        epochWindows++;
                        totalSteps++;
                        double words = (double) epochWindows * batch * steps;
                        StepReport report = new StepReport(epoch, i, windows, totalSteps,
                                Math.exp(epochCost / ((double) epochWindows * steps)),
                                epochCorrect / words, words / (epochNanos / 1e9), lr);
                        events.onStep(report);
                        if (epochWindows % logEvery == 0) {
                            events.onLog(report);
                        }
                    }
                } finally {
                    stateManager.close();
                }
                if (epochWindows == 0) {
                    break;
                }
                epochsDone++;
                lastTrainPpl = Math.exp(epochCost / ((double) epochWindows * steps));
                Evaluation valid = evaluate(net, corpus.valid(), batch, steps, "valid", 0);
                lastValidPpl = valid.perplexity();
                rates.afterValidation(lastValidPpl);
                double epochWps = (double) epochWindows * batch * steps / (epochNanos / 1e9);
                events.onEpoch(new EpochReport(epoch, lr, lastTrainPpl, lastValidPpl, epochWps));
                metrics.put("train_perplexity", lastTrainPpl);
                metrics.put("valid_perplexity", lastValidPpl);
                metrics.put("train_words_per_second", trainWords / (trainNanos / 1e9));
                ModelFiles.save(plan.checkpointDir(outDir), net, corpus.vocabulary(),
                        record(epochsDone, totalSteps, metrics));
            }
            int tSteps = testSteps > 0 ? testSteps : steps;
            Evaluation test = evaluate(net, corpus.test(), testBatchSize, tSteps, "test", steps);
            listener.onTest(test);
            double wps = trainNanos > 0 ? trainWords / (trainNanos / 1e9) : 0;
            metrics.put("test_perplexity", test.perplexity());
            metrics.put("test_accuracy", test.accuracy());
            metrics.put("train_words_per_second", wps);
            ModelFiles.save(outDir, net, corpus.vocabulary(), record(epochsDone, totalSteps, metrics));
            LOG.debug("saved model to {}", outDir);
            return new TrainingResult(backend.name(), epochsDone, totalSteps, lastTrainPpl,
                    lastValidPpl, test, wps, outDir);
        }
    }

    private Evaluation evaluate(Network net, int[] data, int batch, int steps, String split, int sample) {
        return Evaluator.evaluate(net, data, batch, steps, corpus.vocabulary(), sample,
                (done, total, ppl) -> listener.onEvaluationProgress(split, done, total, ppl));
    }

    private void update(List<Parameter> params, NDManager step, float lr, ParameterUpdater updater) {
        List<NDArray> grads = new ArrayList<>(params.size());
        for (Parameter p : params) {
            NDArray g = p.getArray().getGradient();
            g.attach(step);
            grads.add(g);
        }
        double norm = GradientClipping.globalNorm(grads);
        if (!Double.isFinite(norm)) {
            throw new LongshortException(
                    "Training diverged: the gradient norm is " + norm + " at learning rate " + lr
                            + "; lower the learning rate or the clip norm.");
        }
        List<NDArray> arrays = new ArrayList<>(params.size());
        for (Parameter p : params) {
            arrays.add(p.getArray());
        }
        updater.update(arrays, grads, lr, GradientClipping.scale(norm, plan.maxGradNorm()), step);
        for (NDArray g : grads) {
            g.subi(g);
        }
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

package io.longshort.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.longshort.core.LongshortException;
import io.longshort.core.data.BatchProducer;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.model.CarriedState;
import io.longshort.core.model.Losses;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a network over an id stream in evaluation mode (no dropout), carrying the state from
 * window to window from a zero start, and reports perplexity {@code exp(total cost / total
 * steps)} and accuracy.
 */
public final class Evaluator {

    /** Called after each window with the number of windows done and in all. */
    public interface Progress {
        /**
         * Reports progress.
         *
         * @param done windows done
         * @param total windows in all
         * @param perplexity the perplexity so far
         */
        void update(int done, int total, double perplexity);
    }

    private Evaluator() {}

    /**
     * Evaluates a network.
     *
     * @param net the network
     * @param data the ids
     * @param batchSize the batch size (1 for the tutorial's test run)
     * @param numSteps the window length (1 for the tutorial's test run)
     * @param vocabulary the vocabulary, to decode the sample window
     * @param sampleLength the length of the true/predicted sample (0 for none)
     * @param progress a progress callback, or {@code null}
     * @return the evaluation
     */
    public static Evaluation evaluate(
            Network net,
            int[] data,
            int batchSize,
            int numSteps,
            Vocabulary vocabulary,
            int sampleLength,
            Progress progress) {
        Layout layout = net.layout();
        BatchProducer batches = new BatchProducer(data, batchSize, numSteps, layout);
        int windows = batches.numWindows();
        if (windows == 0) {
            throw new LongshortException("The data has "
                    + data.length
                    + " words, too few for one window of batch "
                    + batchSize
                    + " and "
                    + numSteps
                    + " steps: give more data or use a smaller batch or steps.");
        }
        Shape shape = layout.shape(batchSize, numSteps);
        long start = System.nanoTime();
        double totalCost = 0;
        long correct = 0;
        List<String> sampleTrue = new ArrayList<>();
        List<String> samplePred = new ArrayList<>();
        int sampleFrom = Math.min(windows - 1, 1); // the second window: it has context
        try (CarriedState state = new CarriedState(net)) {
            state.zero(batchSize);
            for (int i = 0; i < windows; i++) {
                try (NDManager step = net.manager().newSubManager()) {
                    NDArray x = step.create(batches.inputs(i), shape);
                    NDArray y = step.create(batches.targets(i), shape);
                    NDList out = net.forward(x, state.get(), false);
                    NDArray logits = out.get(0);
                    totalCost += Losses.cost(logits, y, batchSize).getFloat();
                    correct += Losses.correct(logits, y)
                            .toType(ai.djl.ndarray.types.DataType.INT64, false)
                            .getLong();
                    if (sampleLength > 0 && i >= sampleFrom && sampleTrue.size() < sampleLength) {
                        addSample(
                                logits,
                                batches.targets(i),
                                batchSize,
                                numSteps,
                                layout,
                                vocabulary,
                                sampleTrue,
                                samplePred,
                                sampleLength);
                    }
                    state.carry(out);
                }
                if (progress != null) {
                    progress.update(i + 1, windows, Math.exp(totalCost / ((i + 1.0) * numSteps)));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long words = (long) windows * numSteps * batchSize;
        return new Evaluation(
                Math.exp(totalCost / ((double) windows * numSteps)),
                correct / (double) words,
                words,
                seconds,
                sampleTrue,
                samplePred);
    }

    private static void addSample(
            NDArray logits,
            int[] targets,
            int batchSize,
            int numSteps,
            Layout layout,
            Vocabulary vocabulary,
            List<String> sampleTrue,
            List<String> samplePred,
            int sampleLength) {
        long[] predicted = logits.argMax(-1)
                .toType(ai.djl.ndarray.types.DataType.INT64, false)
                .toLongArray();
        for (int t = 0; t < numSteps && sampleTrue.size() < sampleLength; t++) {
            int index = layout == Layout.BATCH_MAJOR ? t : t * batchSize;
            sampleTrue.add(vocabulary.word(targets[index]));
            samplePred.add(vocabulary.word((int) predicted[index]));
        }
    }

    /**
     * Formats the true words above the predicted words, aligned column by column.
     *
     * @param trueWords the true words
     * @param predicted the predicted words
     * @return two lines
     */
    public static String formatSample(List<String> trueWords, List<String> predicted) {
        StringBuilder top = new StringBuilder("true:      ");
        StringBuilder bottom = new StringBuilder("predicted: ");
        for (int i = 0; i < trueWords.size(); i++) {
            String a = trueWords.get(i);
            String b = predicted.get(i);
            int width = Math.max(a.length(), b.length()) + 1;
            top.append(pad(a, width));
            bottom.append(pad(b, width));
        }
        return top.toString().stripTrailing()
                + System.lineSeparator()
                + bottom.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }
}

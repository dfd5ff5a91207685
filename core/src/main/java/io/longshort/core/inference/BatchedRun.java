package io.longshort.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.longshort.core.model.CarriedState;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs many texts through the network together: each forward pass takes a {@code [texts, steps]}
 * window of word ids, every text padded after its end. The LSTM reads a sequence left to right,
 * so what comes after a text's last word never reaches that text's outputs at its real positions:
 * each text gets the answer it gets alone, and only those positions are read. The softmax head,
 * most of the work on a large vocabulary, runs only on the rows that are read: each text's real
 * positions for a score, once a window; its last position for the next words, once a group, since
 * the head reads all its weights from memory each time it runs, however few the rows. Texts are
 * sorted by length and grouped, so that texts of similar length share a group, and the texts that
 * have ended drop out of the group's later windows, which end where {@link ChunkPlan} says.
 */
final class BatchedRun {

    /** The most texts in one forward pass. */
    static final int MAX_TEXTS = 64;

    /**
     * The most rows ({@code texts x steps}) of logits in one forward pass of a score: bounds the
     * memory of the logits and of their float64 log-softmax for a large vocabulary.
     */
    static final int MAX_ROWS = 1024;

    /** What one text gets: the picked log-probabilities and the distribution after its end. */
    record Result(double[] picked, double[] last) {}

    private final LanguageModel model;
    private final Network network;
    private final int vocabularySize;

    BatchedRun(LanguageModel model) {
        this.model = model;
        this.network = model.network();
        this.vocabularySize = model.vocabulary().size();
    }

    /**
     * Runs the texts.
     *
     * @param inputs each text's input ids, at least one each
     * @param targets each text's target ids (as long as its inputs), or {@code null} for none
     * @param wantLast whether to return each text's distribution after its last input
     * @return one result per text, in the order given
     */
    Result[] run(List<int[]> inputs, List<int[]> targets, boolean wantLast) {
        Result[] out = new Result[inputs.size()];
        Integer[] order = IntStream.range(0, inputs.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> inputs.get(i).length));
        for (int from = 0; from < order.length; from += MAX_TEXTS) {
            int[] group = new int[Math.min(MAX_TEXTS, order.length - from)];
            for (int j = 0; j < group.length; j++) {
                group[j] = order[from + j];
            }
            Result[] results = model.compute(() -> runGroup(group, inputs, targets, wantLast));
            for (int j = 0; j < group.length; j++) {
                out[group[j]] = results[j];
            }
        }
        return out;
    }

    private Result[] runGroup(int[] group, List<int[]> inputs, List<int[]> targets, boolean wantLast) {
        int b = group.length;
        int[][] in = new int[b][];
        int[][] tg = targets == null ? null : new int[b][];
        double[][] picked = new double[b][];
        double[][] last = new double[b][];
        for (int j = 0; j < b; j++) {
            in[j] = inputs.get(group[j]);
            if (tg != null) {
                tg[j] = targets.get(group[j]);
                picked[j] = new double[in[j].length];
            }
        }
        // a score's head runs on up to texts x steps rows; the next words' on one row a text
        int most = tg == null ? LanguageModel.CHUNK : Math.max(1, Math.min(LanguageModel.CHUNK, MAX_ROWS / b));
        int first = 0; // the texts are sorted by length: those before first have ended
        NDList lastFeatures = new NDList(b);
        try (CarriedState state = new CarriedState(network);
                NDManager groupManager = network.manager().newSubManager()) {
            int start = 0;
            int[] lengths = Arrays.stream(in).mapToInt(text -> text.length).toArray();
            for (int end : ChunkPlan.ends(lengths, most, ChunkPlan.CALL_COST)) {
                int len = end - start;
                int[][] active = Arrays.copyOfRange(in, first, b);
                try (NDManager step = network.manager().newSubManager()) {
                    NDArray x = step.create(
                            window(active, start, len), network.layout().shape(active.length, len));
                    NDList out = network.features(x, state.get());
                    NDArray features = batchMajor(out.get(0));
                    if (tg != null) {
                        pick(features, Arrays.copyOfRange(tg, first, b), picked, first, start, len, step);
                    }
                    if (wantLast) {
                        keepLastFeatures(features, active, start, len, groupManager, lastFeatures);
                    }
                    int next = first;
                    while (next < b && in[next].length <= end) {
                        next++;
                    }
                    if (next < b) {
                        state.carry(next == first ? out : network.keepRows(out, next - first));
                    }
                    first = next;
                }
                start = end;
            }
            if (wantLast) {
                lastRows(lastFeatures, last);
            }
        }
        Result[] results = new Result[b];
        for (int j = 0; j < b; j++) {
            results[j] = new Result(picked[j], last[j]);
        }
        return results;
    }

    /** The ids of steps {@code [start, start + len)} of every text, in the network's layout, padded. */
    private int[] window(int[][] texts, int start, int len) {
        int b = texts.length;
        boolean batchMajor = network.layout() == Layout.BATCH_MAJOR;
        int[] x = new int[b * len];
        Arrays.fill(x, model.eosId());
        for (int j = 0; j < b; j++) {
            for (int t = 0; t < len && start + t < texts[j].length; t++) {
                x[batchMajor ? j * len + t : t * b + j] = texts[j][start + t];
            }
        }
        return x;
    }

    private NDArray batchMajor(NDArray features) {
        return network.layout() == Layout.BATCH_MAJOR ? features : features.transpose(1, 0, 2);
    }

    /**
     * Picks each text's target log-probabilities at its real positions in this window: the head
     * runs on those rows only, not on the padding.
     */
    private void pick(
            NDArray features, int[][] targets, double[][] picked, int first, int start, int len, NDManager step) {
        NDList rows = new NDList();
        int[] counts = new int[targets.length];
        int total = 0;
        for (int j = 0; j < targets.length; j++) {
            counts[j] = Math.max(0, Math.min(len, targets[j].length - start));
            if (counts[j] > 0) {
                rows.add(features.get(new NDIndex().addIndices(j).addSliceDim(0, counts[j])));
                total += counts[j];
            }
        }
        if (total == 0) {
            return;
        }
        int[] y = new int[total];
        int at = 0;
        for (int j = 0; j < targets.length; j++) {
            if (counts[j] > 0) {
                System.arraycopy(targets[j], start, y, at, counts[j]);
                at += counts[j];
            }
        }
        NDArray logp = network.logits(rows.size() == 1 ? rows.head() : NDArrays.concat(rows))
                .logSoftmax(1);
        double[] values = logp.get(new NDIndex().addAllDim().addPickDim(step.create(y)))
                .toType(DataType.FLOAT64, false)
                .toDoubleArray();
        at = 0;
        for (int j = 0; j < targets.length; j++) {
            if (counts[j] > 0) {
                System.arraycopy(values, at, picked[first + j], start, counts[j]);
                at += counts[j];
            }
        }
    }

    /**
     * Keeps the features after the last input of each text that ends in this window, in the
     * group's manager: the head then runs once for the whole group, on one row a text, instead of
     * once a window.
     */
    private static void keepLastFeatures(
            NDArray features, int[][] inputs, int start, int len, NDManager groupManager, NDList kept) {
        for (int j = 0; j < inputs.length; j++) {
            int t = inputs[j].length - 1 - start;
            if (t >= 0 && t < len) {
                NDArray row = features.get(j, t);
                row.attach(groupManager);
                kept.add(row);
            }
        }
    }

    /**
     * The distribution after the last input of every text of the group, from its kept features:
     * the texts are sorted by length, so they end, and were kept, in the group's order.
     */
    private void lastRows(NDList kept, double[][] last) {
        double[] values = network.logits(NDArrays.stack(kept))
                .toType(DataType.FLOAT64, false)
                .logSoftmax(1)
                .toDoubleArray();
        for (int j = 0; j < last.length; j++) {
            last[j] = Arrays.copyOfRange(values, j * vocabularySize, (j + 1) * vocabularySize);
        }
    }
}

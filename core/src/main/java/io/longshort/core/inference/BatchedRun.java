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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs many texts through the network together: each forward pass takes a {@code [texts, steps]}
 * window of word ids, every text padded after its end. The LSTM reads a sequence left to right,
 * so what comes after a text's last word never reaches that text's outputs at its real positions:
 * each text gets the answer it gets alone, and only those positions are read. Texts are sorted by
 * length and grouped, so that texts of similar length share a group and little is padded.
 */
final class BatchedRun {

    /** The most texts in one forward pass. */
    static final int MAX_TEXTS = 64;

    /**
     * The most rows ({@code texts x steps}) of logits in one forward pass: bounds the memory of
     * the logits and of their float64 log-softmax for a large vocabulary.
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
        int maxLen = 0;
        for (int j = 0; j < b; j++) {
            in[j] = inputs.get(group[j]);
            if (tg != null) {
                tg[j] = targets.get(group[j]);
                picked[j] = new double[in[j].length];
            }
            maxLen = Math.max(maxLen, in[j].length);
        }
        int chunk = Math.max(1, Math.min(LanguageModel.CHUNK, MAX_ROWS / b));
        try (CarriedState state = new CarriedState(network)) {
            for (int start = 0; start < maxLen; start += chunk) {
                int len = Math.min(chunk, maxLen - start);
                try (NDManager step = network.manager().newSubManager()) {
                    NDArray x =
                            step.create(window(in, start, len), network.layout().shape(b, len));
                    NDList out = network.forward(x, state.get(), false);
                    NDArray logits = batchMajor(out.get(0));
                    if (tg != null) {
                        pick(logits, tg, picked, start, len, step);
                    }
                    if (wantLast) {
                        lastRows(logits, in, last, start, len);
                    }
                    if (start + len < maxLen) {
                        state.carry(out);
                    }
                }
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

    private NDArray batchMajor(NDArray logits) {
        return network.layout() == Layout.BATCH_MAJOR ? logits : logits.transpose(1, 0, 2);
    }

    /** Picks each text's target log-probabilities at its real positions in this window. */
    private void pick(NDArray logits, int[][] targets, double[][] picked, int start, int len, NDManager step) {
        int b = targets.length;
        int[] y = new int[b * len];
        for (int j = 0; j < b; j++) {
            for (int t = 0; t < len && start + t < targets[j].length; t++) {
                y[j * len + t] = targets[j][start + t];
            }
        }
        NDArray logp = logits.reshape(b * len, vocabularySize)
                .toType(DataType.FLOAT64, false)
                .logSoftmax(1);
        double[] values =
                logp.get(new NDIndex().addAllDim().addPickDim(step.create(y))).toDoubleArray();
        for (int j = 0; j < b; j++) {
            int n = Math.min(len, targets[j].length - start);
            if (n > 0) {
                System.arraycopy(values, j * len, picked[j], start, n);
            }
        }
    }

    /** Takes the distribution after the last input of each text that ends in this window. */
    private void lastRows(NDArray logits, int[][] inputs, double[][] last, int start, int len) {
        List<Integer> ending = new ArrayList<>();
        NDList rows = new NDList();
        for (int j = 0; j < inputs.length; j++) {
            int t = inputs[j].length - 1 - start;
            if (t >= 0 && t < len) {
                ending.add(j);
                rows.add(logits.get(j, t));
            }
        }
        if (ending.isEmpty()) {
            return;
        }
        double[] values = NDArrays.stack(rows)
                .toType(DataType.FLOAT64, false)
                .logSoftmax(1)
                .toDoubleArray();
        for (int i = 0; i < ending.size(); i++) {
            last[ending.get(i)] = Arrays.copyOfRange(values, i * vocabularySize, (i + 1) * vocabularySize);
        }
    }
}

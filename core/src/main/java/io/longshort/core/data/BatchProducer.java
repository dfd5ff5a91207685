package io.longshort.core.data;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.Layout;

/**
 * Cuts an id stream into the recipe's windows. The stream is cut to {@code batch * (len / batch)}
 * ids and laid out as {@code [batch, len / batch]}; window {@code i} is {@code x = data[:,
 * i*T:(i+1)*T]} and {@code y = data[:, i*T+1:(i+1)*T+1]}; an epoch has {@code (len / batch - 1) /
 * T} windows. Batch-major windows are {@code [B, T]} (the tutorial's), time-major ones the same
 * data transposed to {@code [T, B]}; both are returned flat, row after row.
 */
public final class BatchProducer {

    private final int[] data;
    private final int batchSize;
    private final int numSteps;
    private final int rowLength;
    private final int numWindows;
    private final Layout layout;

    /**
     * Creates a producer.
     *
     * @param data the id stream
     * @param batchSize the batch size {@code B}
     * @param numSteps the window length {@code T}
     * @param layout the layout of the windows
     */
    public BatchProducer(int[] data, int batchSize, int numSteps, Layout layout) {
        if (batchSize <= 0 || numSteps <= 0) {
            throw new LongshortException(
                    "batch size and steps must be at least 1, got batch " + batchSize + " and steps " + numSteps + ".");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.numSteps = numSteps;
        this.layout = layout;
        this.rowLength = data.length / batchSize;
        this.numWindows = rowLength > 0 ? (rowLength - 1) / numSteps : 0;
    }

    /**
     * Returns the number of windows in an epoch, {@code (len / B - 1) / T}.
     *
     * @return the number of windows
     */
    public int numWindows() {
        return numWindows;
    }

    /**
     * Returns the batch size.
     *
     * @return {@code B}
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns the window length.
     *
     * @return {@code T}
     */
    public int numSteps() {
        return numSteps;
    }

    /**
     * Returns the layout.
     *
     * @return the layout
     */
    public Layout layout() {
        return layout;
    }

    /**
     * Returns the inputs of window {@code i}, flat in the producer's layout.
     *
     * @param i the window index
     * @return {@code B * T} ids
     */
    public int[] inputs(int i) {
        return window(i, 0);
    }

    /**
     * Returns the targets of window {@code i} (the inputs shifted by one), flat in the layout.
     *
     * @param i the window index
     * @return {@code B * T} ids
     */
    public int[] targets(int i) {
        return window(i, 1);
    }

    private int[] window(int i, int shift) {
        if (i < 0 || i >= numWindows) {
            throw new IndexOutOfBoundsException("window " + i + " of " + numWindows);
        }
        int[] out = new int[batchSize * numSteps];
        for (int b = 0; b < batchSize; b++) {
            int base = b * rowLength + i * numSteps + shift;
            for (int t = 0; t < numSteps; t++) {
                int index = layout == Layout.BATCH_MAJOR ? b * numSteps + t : t * batchSize + b;
                out[index] = data[base + t];
            }
        }
        return out;
    }
}

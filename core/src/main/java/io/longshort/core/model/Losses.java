package io.longshort.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** The recipe's cost and accuracy, computed on whichever engine the arrays live on. */
public final class Losses {

    private Losses() {}

    /**
     * Returns the recipe's cost of a window: cross-entropy summed over the steps and averaged over
     * the batch, that is the sum over all positions divided by {@code batchSize}.
     *
     * @param logits {@code [..., V]} logits
     * @param targets the target ids, same leading shape as the logits
     * @param batchSize the batch size {@code B}
     * @return a scalar
     */
    public static NDArray cost(NDArray logits, NDArray targets, long batchSize) {
        long v = logits.getShape().get(logits.getShape().dimension() - 1);
        return targetEntries(logits.reshape(-1, v).logSoftmax(1), targets)
                .sum()
                .neg()
                .div(batchSize);
    }

    /**
     * Returns each position's entry at its target in {@code [positions, V]} rows.
     *
     * @param rows one row of {@code V} values per position
     * @param targets the target ids, one per position, in any shape
     * @return the picked values, one per position
     */
    static NDArray targetEntries(NDArray rows, NDArray targets) {
        return rows.get(new NDIndex().addAllDim().addPickDim(targets.reshape(-1)));
    }

    /**
     * Returns how many positions the arg-max of the logits gets right.
     *
     * @param logits {@code [..., V]} logits
     * @param targets the target ids
     * @return a scalar count
     */
    public static NDArray correct(NDArray logits, NDArray targets) {
        NDArray predicted = logits.argMax(-1).toType(targets.getDataType(), false);
        return predicted.eq(targets).sum();
    }
}

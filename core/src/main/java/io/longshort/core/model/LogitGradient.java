package io.longshort.core.model;

import ai.djl.ndarray.NDArray;
import java.util.function.Supplier;

/**
 * The recipe's training cost ({@link Losses#cost}) with the backward pass started at the logits,
 * for an engine plugin's {@link io.longshort.core.engine.Backend#backwardFromLogits}.
 *
 * <p>The gradient of the cost with respect to the logits is known in closed form, {@code
 * (softmax(logits) - onehot(targets)) / B}. This class computes it from one softmax of the
 * detached logits, scaled in place, with each position's target entry then set to {@code (p_t -
 * 1) / B}; the engine hands it to its autograd as the logits' head gradient, and the rest of the
 * backward pass (the softmax layer's product, the LSTM, the embedding) is the engine's own. That
 * skips differentiating log-softmax and pick: MXNet 1.9.1's slow log-softmax backward, and on
 * PyTorch the log-softmax backward and the zero-filled gradient of the pick (see BENCHMARKS.md for
 * their share of a step).
 *
 * <p>The cost is {@code -sum(log(p_t)) / B} from the same softmax. Where a target's probability
 * underflows to zero in float (a logit gap of about 100) that is infinite while the log-softmax
 * form is finite, so a non-finite result is recomputed with {@link Losses#cost}; a non-finite cost
 * from non-finite logits stays non-finite, and the trainer reports divergence.
 *
 * <p>An engine supplies the two operations DJL's API has no engine-neutral form of: setting one
 * entry per position in place, and a backward pass from a given head gradient.
 */
public abstract class LogitGradient {

    /**
     * Computes the cost of a window and issues the backward pass from its logits. Call while a
     * gradient collector records, in place of the collector's {@code backward}.
     *
     * @param logits the recorded {@code [..., V]} logits
     * @param targets the target ids, the logits' shape without the last axis
     * @param batchSize the batch size {@code B}
     * @return the cost, a scalar
     */
    public final NDArray costAndBackward(NDArray logits, NDArray targets, long batchSize) {
        int axis = logits.getShape().dimension() - 1;
        float scale = 1f / batchSize;
        Parts parts = unrecorded(() -> {
            NDArray detached = logits.stopGradient();
            NDArray probabilities = detached.softmax(axis);
            NDArray picked = targetEntries(probabilities, targets);
            NDArray cost = picked.log().sum().neg().div(batchSize);
            NDArray gradient = probabilities.muli(scale);
            setTargetEntries(gradient, targets, picked.sub(1f).muli(scale));
            return new Parts(detached, cost, gradient);
        });
        backward(logits, parts.gradient());
        if (Float.isFinite(parts.cost().getFloat())) {
            return parts.cost();
        }
        return Losses.cost(parts.detached(), targets, batchSize);
    }

    /**
     * Returns the entry of each position's target in the last axis of {@code probabilities}. The
     * default picks from a {@code [positions, V]} reshape, which every engine supports; an engine
     * whose reshape copies may pick on the array's own shape instead.
     *
     * @param probabilities the {@code [..., V]} probabilities
     * @param targets the target ids, {@code probabilities}' shape without the last axis
     * @return one value per position, the number of positions long, in any shape
     */
    protected NDArray targetEntries(NDArray probabilities, NDArray targets) {
        long vocabulary = probabilities.getShape().get(probabilities.getShape().dimension() - 1);
        return Losses.targetEntries(probabilities.reshape(-1, vocabulary), targets);
    }

    /**
     * Sets, in place, the entry of each position's target in the last axis of {@code gradient}.
     *
     * @param gradient the {@code [..., V]} array to change
     * @param targets the target ids, {@code gradient}'s shape without the last axis
     * @param values one value per position, the number of positions long
     */
    protected abstract void setTargetEntries(NDArray gradient, NDArray targets, NDArray values);

    /**
     * Runs the engine's backward pass from {@code head} with the given head gradient, filling the
     * gradients of the parameters it was computed from.
     *
     * @param head the recorded array to differentiate
     * @param headGradient the gradient of the cost with respect to {@code head}, same shape
     */
    protected abstract void backward(NDArray head, NDArray headGradient);

    /**
     * Runs the gradient's computation outside the engine's recording. The default just runs it,
     * for engines that record nothing computed from a detached array (PyTorch); MXNet records every
     * operator while recording is on.
     *
     * @param work the computation
     * @param <T> its result
     * @return its result
     */
    protected <T> T unrecorded(Supplier<T> work) {
        return work.get();
    }

    private record Parts(NDArray detached, NDArray cost, NDArray gradient) {}
}

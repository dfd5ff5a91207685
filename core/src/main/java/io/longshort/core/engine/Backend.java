package io.longshort.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One deep-learning engine as longshort uses it. Engine plugins provide an implementation and
 * register it by name through {@link EnginePlugin}; core never refers to an engine class.
 *
 * <p>Everything an engine needs in order to compute the recipe exactly is the backend's job: for
 * example, the order in which a fused multi-layer LSTM kernel expects its parameters.
 *
 * <p>A backend is one object per process and keeps nothing but its engine. What an engine keeps
 * for one model (such as its LSTM parameters in a fused operator's layout) lives in that model's
 * {@link LstmKernel}, which the backend makes ({@link #newLstmKernel}) and the model closes.
 *
 * <p>The hooks an engine may override, each described here once: {@link #newLstmKernel}, {@link
 * #sumOfSquares}, {@link #sgdStep}, {@link #backwardFromLogits}, {@link #zeroGradients}, {@link
 * #concurrentInference}, {@link #inference} and {@link #describe}. Each has a default built on
 * DJL's engine-neutral API; an override keeps the contract stated here, and its own documentation
 * says only how and why it differs.
 */
public interface Backend {

    /**
     * Returns the name under which this backend is registered, such as {@code "pytorch"}.
     *
     * @return the registration name
     */
    String name();

    /**
     * Returns the DJL engine, loading it on first use. Every manager, array and gradient
     * collector of a model must come from this engine (through the model's own manager).
     *
     * @return the DJL engine
     */
    Engine engine();

    /**
     * Makes a kernel for a stack of {@code numLayers} LSTM layers of equal size: its {@link
     * LstmKernel#forward} computes them, and it holds whatever the engine keeps for one model's
     * layers. Each model makes its own and closes it when it closes. The default keeps nothing
     * and calls DJL's LSTM operator, which reads the parameters in their given layer-major order.
     *
     * @param numLayers the number of stacked layers
     * @return a new kernel; close it with its model
     */
    default LstmKernel newLstmKernel(int numLayers) {
        return (input, state, parameters, dropRate, training, batchFirst) -> input.getNDArrayInternal()
                .lstm(input, state, parameters, true, numLayers, dropRate, training, false, batchFirst);
    }

    /**
     * Runs a stack of LSTM layers once, through a kernel of {@link #newLstmKernel} made for this
     * call and closed after it: for callers that have parameters but no model, such as {@link
     * LstmSelfCheck}. Not a hook: engines override {@link #newLstmKernel}.
     *
     * @param input the input, {@code [B, T, in]} if batch-first, else {@code [T, B, in]}
     * @param state the initial state {@code (h, c)}, each {@code [numLayers, B, H]}
     * @param layerMajorParameters the parameters, layer by layer, as {@link LstmKernel#forward}
     *     takes them
     * @param numLayers the number of stacked layers
     * @param dropRate dropout applied to the output of each layer but the last, in training
     * @param training whether this is a training pass
     * @param batchFirst whether the input is batch-major
     * @return the output, the final hidden state and the final cell state
     */
    default NDList lstm(
            NDArray input,
            NDList state,
            NDList layerMajorParameters,
            int numLayers,
            float dropRate,
            boolean training,
            boolean batchFirst) {
        try (LstmKernel kernel = newLstmKernel(numLayers)) {
            return kernel.forward(input, state, layerMajorParameters, dropRate, training, batchFirst);
        }
    }

    /**
     * Returns {@code sum_i ||a_i||^2} over some arrays, as a one-element array: the square of the
     * global norm that clipping needs. The default squares and sums each array and adds the sums;
     * engines with a multi-array kernel override it.
     *
     * @param arrays the arrays, such as the gradients of every parameter
     * @return the sum of squares, a one-element array, or {@code null} for no arrays
     */
    default NDArray sumOfSquares(List<NDArray> arrays) {
        NDArray total = null;
        for (NDArray a : arrays) {
            NDArray sq = a.square().sum();
            total = total == null ? sq : total.add(sq);
        }
        return total;
    }

    /**
     * Applies a plain gradient step in place: {@code p_i -= rate * g_i} for each parameter. The
     * default issues one multiply and one in-place subtraction per parameter and leaves the
     * gradients as they were; engines with a fused update kernel override it, and an override may
     * use the gradients as scratch space (the trainer clears them after the step).
     *
     * @param parameters the parameter arrays, changed in place
     * @param gradients their gradients; their contents afterwards are up to the engine
     * @param rate the step size, the learning rate times the clip factor
     */
    default void sgdStep(List<NDArray> parameters, List<NDArray> gradients, float rate) {
        for (int k = 0; k < parameters.size(); k++) {
            try (NDArray change = gradients.get(k).mul(rate)) {
                parameters.get(k).subi(change);
            }
        }
    }

    /**
     * Computes the recipe's training cost of a window ({@code Losses.cost}: the cross-entropy
     * summed over the positions, divided by the batch size) and runs the backward pass from it,
     * starting at the logits with their gradient computed directly, {@code (softmax(logits) -
     * onehot(targets)) / batchSize}, instead of by differentiating log-softmax and pick. Must be
     * called while a gradient collector records, once per window, in place of the collector's
     * {@code backward}.
     *
     * <p>The default returns empty: the trainer then computes {@code Losses.cost} and lets the
     * engine's autograd differentiate it. An engine overrides it with a subclass of {@code
     * io.longshort.core.model.LogitGradient}, which needs two operations of the engine's own (both
     * built-in engines do).
     *
     * @param logits the recorded {@code [..., V]} logits of the window
     * @param targets the target ids, the logits' shape without the last axis
     * @param batchSize the batch size {@code B}
     * @return the cost, a scalar, once the backward pass has been issued; or empty where this
     *     engine has no such path
     */
    default Optional<NDArray> backwardFromLogits(NDArray logits, NDArray targets, long batchSize) {
        return Optional.empty();
    }

    /**
     * Sets the gradient of each parameter to zero in place, ready for the next backward pass. The
     * default subtracts each gradient from itself; engines with a fill kernel override it.
     *
     * @param parameters the parameter arrays whose gradients to clear
     */
    default void zeroGradients(List<NDArray> parameters) {
        for (NDArray p : parameters) {
            try (NDArray g = p.getGradient()) {
                g.subi(g);
            }
        }
    }

    /**
     * Returns whether several threads may run inference (forward passes without gradients) on
     * this engine at the same time. Where not, {@link io.longshort.core.inference.LanguageModel}
     * lets the threads take turns. True by default.
     *
     * @return whether concurrent inference is safe
     */
    default boolean concurrentInference() {
        return true;
    }

    /**
     * Runs inference work on the calling thread so that it computes exactly as on every other
     * thread, with the engine's gradient recording off, and restores the thread's settings after.
     * Engines with per-thread settings that change results must override this: libtorch's grad
     * mode is per thread and on by default (DJL turns it off only on the thread that loads the
     * engine), and with it on other kernels are chosen; its intra-op thread count is per thread
     * too (and loading MXNet on a thread sets it to 1 there), which changes how sums are split.
     * Runs the work as it is by default.
     *
     * @param work the inference work
     * @param <T> the result type
     * @return the work's result
     */
    default <T> T inference(Supplier<T> work) {
        return work.get();
    }

    /**
     * Returns a one-line description of the engine and its version, for reports.
     *
     * @return the description
     */
    default String describe() {
        Engine engine = engine();
        return engine.getEngineName() + " " + engine.getVersion();
    }
}

package io.longshort.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A stack of LSTM layers of equal size as one engine computes them, made by {@link
 * Backend#newLstmKernel} for one model's layers and closed with that model. What an engine keeps
 * in order to compute a model's layers fast (for example their parameters a second time, in the
 * layout of a fused operator) lives here, so it is that model's alone and is freed by {@link
 * #close()}; the backend that made the kernel keeps nothing of it.
 *
 * <p>A kernel may keep forms of the parameters it was last given and refresh or rebuild them as
 * needed: where the parameters have gradients it reads their current values on every call; where
 * none has a gradient it may assume they do not change in place (nothing in longshort changes
 * such parameters: training attaches gradients first), and given other arrays than on the last
 * call it computes from those.
 */
public interface LstmKernel extends AutoCloseable {

    /**
     * Runs the stack over a sequence.
     *
     * <p>{@code layerMajorParameters} holds, for each layer in turn, the input-to-hidden weight
     * {@code [4H, in]}, the hidden-to-hidden weight {@code [4H, H]}, the input-to-hidden bias
     * {@code [4H]} and the hidden-to-hidden bias {@code [4H]}, with the gates in the order input,
     * forget, cell, output (DJL's and PyTorch's order); mapping them onto the engine's operator is
     * the kernel's job. The state is {@code (h, c)}, each {@code [numLayers, B, H]}. In a training
     * pass (inside a gradient collector) the result is recorded, and a backward pass through it
     * fills the parameters' gradients.
     *
     * @param input the input, {@code [B, T, in]} if batch-first, else {@code [T, B, in]}
     * @param state the initial state {@code (h, c)}
     * @param layerMajorParameters the parameters, layer by layer
     * @param dropRate dropout applied to the output of each layer but the last, in training
     * @param training whether this is a training pass
     * @param batchFirst whether the input is batch-major
     * @return the last layer's output for each step (in the input's layout), then the final
     *     {@code h} and {@code c}
     */
    NDList forward(
            NDArray input,
            NDList state,
            NDList layerMajorParameters,
            float dropRate,
            boolean training,
            boolean batchFirst);

    /**
     * Frees what the kernel keeps. Arrays it returned stay valid, and so does a backward pass
     * through them that was recorded before. Does nothing by default, for kernels that keep
     * nothing.
     */
    @Override
    default void close() {}
}

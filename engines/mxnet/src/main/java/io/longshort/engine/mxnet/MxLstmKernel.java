package io.longshort.engine.mxnet;

import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.util.PairList;
import io.longshort.core.engine.LstmKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * One model's LSTM layers on MXNet, with the forms of their parameters that MXNet computes them
 * from fastest, kept for that model alone and freed when it closes.
 *
 * <p>MXNet's fused RNN operator reads one flat parameter vector holding all layers' weights first
 * and then all layers' biases ({@code w_ih0, w_hh0, w_ih1, w_hh1, ..., b_ih0, b_hh0, b_ih1,
 * b_hh1, ...}), while core (and DJL's LSTM block) hands the parameters layer by layer ({@code
 * w_ih0, w_hh0, b_ih0, b_hh0, w_ih1, ...}), PyTorch's order. For one layer the two orders are the
 * same; for two or more, passing core's order unchanged computes a different function. So a
 * window runs the fused operator on the parameters reordered into its flat vector ({@link
 * MxFusedLstmWeights}, kept and refreshed in place), and one step in inference runs plain
 * operators ({@link #singleStep}), for a model without gradients from its step weights ({@link
 * MxStepWeights}).
 *
 * <p>Each form is built on first use from the arrays then given, and built again when a call
 * gives other arrays, or the same ones with another gradient state (training attaches gradients
 * to a model loaded without them).
 */
final class MxLstmKernel implements LstmKernel {

    private final int numLayers;
    private MxFusedLstmWeights fused;
    private MxStepWeights step;
    private boolean closed;

    /**
     * Creates the kernel; it allocates nothing until its first call.
     *
     * @param numLayers the number of stacked layers
     */
    MxLstmKernel(int numLayers) {
        this.numLayers = numLayers;
    }

    @Override
    public NDList forward(
            NDArray input,
            NDList state,
            NDList layerMajorParameters,
            float dropRate,
            boolean training,
            boolean batchFirst) {
        long steps = input.getShape().get(batchFirst ? 1 : 0);
        if (!training && steps == 1) {
            MxStepWeights weights =
                    MxStepWeights.anyGradient(layerMajorParameters) ? null : stepWeights(layerMajorParameters);
            return singleStep(input, state, layerMajorParameters, weights, numLayers, batchFirst);
        }
        if (training != JnaUtils.autogradIsTraining()) {
            throw new IllegalArgumentException("MXNet's LSTM was asked for training=" + training
                    + " while MXNet's training mode is " + !training
                    + ": run training passes inside a gradient collector and inference outside one");
        }
        NDArray weights = fusedWeights(weightsThenBiases(layerMajorParameters, numLayers));
        PairList<String, Object> params = new PairList<>();
        params.add("mode", "lstm");
        params.add("p", dropRate);
        params.add("state_size", state.head().getShape().tail());
        params.add("state_outputs", true);
        params.add("num_layers", numLayers);
        params.add("bidirectional", false);
        params.add("lstm_state_clip_nan", true);
        NDArray timeMajor = batchFirst ? input.swapAxes(0, 1) : input;
        NDList inputs = new NDList(timeMajor, weights);
        inputs.addAll(state);
        NDList out = input.getManager().invoke("_npx_rnn", inputs, params);
        if (!batchFirst) {
            return out;
        }
        try (NDArray output = out.head()) {
            return new NDList(output.swapAxes(0, 1), out.get(1), out.get(2));
        }
    }

    /** Frees the flat vector and the step weights; the parameters keep their gradients. */
    @Override
    public synchronized void close() {
        closed = true;
        if (fused != null) {
            fused.close();
            fused = null;
        }
        if (step != null) {
            step.close();
            step = null;
        }
    }

    /**
     * Returns the LSTM parameters as the fused operator's one flat vector, filled with their
     * current values (with recording paused: the copies are not part of the model's function).
     */
    private NDArray fusedWeights(NDList fusedOrder) {
        return MxBackend.unrecorded(() -> {
            synchronized (this) {
                checkOpen();
                if (fused == null || !fused.isFor(fusedOrder)) {
                    if (fused != null) {
                        fused.close();
                    }
                    fused = MxFusedLstmWeights.create(fusedOrder);
                }
                return fused.refreshed();
            }
        });
    }

    private synchronized MxStepWeights stepWeights(NDList layerMajor) {
        checkOpen();
        if (step == null || !step.isFor(layerMajor)) {
            if (step != null) {
                step.close();
            }
            step = MxStepWeights.create(layerMajor, numLayers);
        }
        return step;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This LSTM kernel is closed: its model was closed.");
        }
    }

    /** Returns the arrays this kernel holds now, for tests. */
    synchronized List<NDArray> heldArrays() {
        List<NDArray> held = new ArrayList<>();
        if (fused != null) {
            held.addAll(fused.arrays());
        }
        if (step != null) {
            held.addAll(step.arrays());
        }
        return held;
    }

    /**
     * One step of the LSTM layers in inference, from plain operators: {@code gates = x W_ih^T +
     * b_ih + h W_hh^T + b_hh}, split into input, forget, cell and output gates, {@code c' = f c +
     * i g}, {@code h' = o tanh(c')}. An incremental session (batch 1, one word at a time) spends
     * its time here: MXNet's fused RNN operator repacks the weights on every call, which at batch 1
     * costs far more than these few operators. For a
     * model without gradients (loaded for inference) {@code step} holds each layer's two weights
     * side by side and the biases summed ({@link MxStepWeights}), and the gates are one product of
     * {@code [x, h]}; otherwise ({@code step} null) two products and a sum.
     */
    private static NDList singleStep(
            NDArray input, NDList state, NDList layerMajor, MxStepWeights step, int numLayers, boolean batchFirst) {
        long batch = input.getShape().get(batchFirst ? 0 : 1);
        NDArray x = input.reshape(batch, -1);
        NDArray h = state.get(0);
        NDArray c = state.get(1);
        NDList hs = new NDList(numLayers);
        NDList cs = new NDList(numLayers);
        for (int l = 0; l < numLayers; l++) {
            var ex = x.getNDArrayInternal();
            NDArray gates;
            if (step != null) {
                NDArray xh = x.concat(h.get(l), 1);
                gates = ex.linear(xh, step.weight(l), step.bias(l)).head();
            } else {
                gates = ex.linear(x, layerMajor.get(4 * l), layerMajor.get(4 * l + 2))
                        .head()
                        .add(ex.linear(h.get(l), layerMajor.get(4 * l + 1), layerMajor.get(4 * l + 3))
                                .head());
            }
            NDList g = gates.split(4, 1);
            NDArray cNext = Activation.sigmoid(g.get(1))
                    .mul(c.get(l))
                    .add(Activation.sigmoid(g.get(0)).mul(g.get(2).tanh()));
            NDArray hNext = Activation.sigmoid(g.get(3)).mul(cNext.tanh());
            hs.add(hNext);
            cs.add(cNext);
            x = hNext;
        }
        NDArray out = batchFirst ? x.expandDims(1) : x.expandDims(0);
        return new NDList(out, NDArrays.stack(hs), NDArrays.stack(cs));
    }

    /**
     * Reorders layer-major LSTM parameters ({@code w_ih, w_hh, b_ih, b_hh} per layer) into
     * MXNet's fused order (all weights, then all biases).
     *
     * @param layerMajor the parameters, four per layer
     * @param numLayers the number of layers
     * @return the same arrays in MXNet's order
     */
    static NDList weightsThenBiases(NDList layerMajor, int numLayers) {
        if (layerMajor.size() != 4 * numLayers) {
            throw new IllegalArgumentException(
                    "expected 4 parameters per layer for " + numLayers + " layers, got " + layerMajor.size());
        }
        NDList out = new NDList(layerMajor.size());
        for (int l = 0; l < numLayers; l++) {
            out.add(layerMajor.get(4 * l));
            out.add(layerMajor.get(4 * l + 1));
        }
        for (int l = 0; l < numLayers; l++) {
            out.add(layerMajor.get(4 * l + 2));
            out.add(layerMajor.get(4 * l + 3));
        }
        return out;
    }

    /**
     * Returns whether {@code arrays} are exactly {@code sources}, the same objects in the same order.
     */
    static boolean sameArrays(List<NDArray> sources, List<NDArray> arrays) {
        if (sources.size() != arrays.size()) {
            return false;
        }
        for (int k = 0; k < sources.size(); k++) {
            if (sources.get(k) != arrays.get(k)) {
                return false;
            }
        }
        return true;
    }
}

package io.longshort.engine.mxnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import io.longshort.core.engine.AbstractBackend;

/**
 * The MXNet backend.
 *
 * <p>MXNet's fused RNN kernel reads one flat parameter vector holding all layers' weights first
 * and then all layers' biases ({@code w_ih0, w_hh0, w_ih1, w_hh1, ..., b_ih0, b_hh0, b_ih1,
 * b_hh1, ...}), while core (and DJL's LSTM block) hands the parameters layer by layer ({@code
 * w_ih0, w_hh0, b_ih0, b_hh0, w_ih1, ...}), PyTorch's order. For one layer the two orders are the
 * same; for two or more, passing core's order unchanged computes a different function. This
 * backend reorders the list before the fused call, so that a model computes the same logits on
 * both engines from the same parameters.
 */
public final class MxBackend extends AbstractBackend {

    /** The registration name. */
    public static final String NAME = "mxnet";

    /** Creates the backend; the engine loads on first use. */
    public MxBackend() {
        super(NAME, "MXNet");
    }

    /**
     * Returns false: MXNet's threaded engines are not safe for several client threads pushing
     * work at once (MXNet's own documentation of {@code MXNET_ENGINE_TYPE}), so inference calls
     * take turns.
     */
    @Override
    public boolean concurrentInference() {
        return false;
    }

    @Override
    public NDList lstm(
            NDArray input,
            NDList state,
            NDList layerMajorParameters,
            int numLayers,
            float dropRate,
            boolean training,
            boolean batchFirst) {
        long steps = input.getShape().get(batchFirst ? 1 : 0);
        if (!training && steps == 1) {
            return singleStep(input, state, layerMajorParameters, numLayers, batchFirst);
        }
        NDList fusedOrder = weightsThenBiases(layerMajorParameters, numLayers);
        return input.getNDArrayInternal()
                .lstm(input, state, fusedOrder, true, numLayers, dropRate, training, false, batchFirst);
    }

    /**
     * One step of the LSTM layers in inference, from plain operators: {@code gates = x W_ih^T +
     * b_ih + h W_hh^T + b_hh}, split into input, forget, cell and output gates, {@code c' = f c +
     * i g}, {@code h' = o tanh(c')}. An incremental session (batch 1, one word at a time) spends
     * its time here: MXNet's fused RNN operator costs about 230 ms per call at batch 1 on 2 cores
     * for the medium preset (it repacks the weights each call), these operators a few ms.
     */
    private static NDList singleStep(
            NDArray input, NDList state, NDList layerMajor, int numLayers, boolean batchFirst) {
        long batch = input.getShape().get(batchFirst ? 0 : 1);
        NDArray x = input.reshape(batch, -1);
        NDArray h = state.get(0);
        NDArray c = state.get(1);
        NDList hs = new NDList(numLayers);
        NDList cs = new NDList(numLayers);
        for (int l = 0; l < numLayers; l++) {
            var ex = x.getNDArrayInternal();
            NDArray gates = ex.linear(x, layerMajor.get(4 * l), layerMajor.get(4 * l + 2)).head()
                    .add(ex.linear(h.get(l), layerMajor.get(4 * l + 1), layerMajor.get(4 * l + 3)).head());
            NDList g = gates.split(4, 1);
            NDArray cNext = Activation.sigmoid(g.get(1)).mul(c.get(l))
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
}

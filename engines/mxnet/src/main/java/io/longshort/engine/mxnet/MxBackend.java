package io.longshort.engine.mxnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
        NDList fusedOrder = weightsThenBiases(layerMajorParameters, numLayers);
        return input.getNDArrayInternal()
                .lstm(input, state, fusedOrder, true, numLayers, dropRate, training, false, batchFirst);
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

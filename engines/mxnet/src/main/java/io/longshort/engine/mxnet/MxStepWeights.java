package io.longshort.engine.mxnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * The LSTM weights of a model without gradients (one loaded for inference) in the form one
 * incremental step reads fastest: per layer the input-to-hidden and hidden-to-hidden weights side
 * by side, {@code [4H, in + H]}, and the two biases summed, so that a step's gates are one product
 * of {@code [x, h]} instead of two products and a sum.
 *
 * <p>At batch 1 a step reads every weight once, so its time is memory traffic and per-operator
 * overhead; one product per layer of twice the size streams better than two (see BENCHMARKS.md).
 * The model's {@link MxLstmKernel} builds them once, from parameters that have no gradient: nothing
 * in longshort changes such parameters (training attaches gradients first), and a parameter given
 * a gradient later is no longer served from here.
 */
final class MxStepWeights {

    private final List<NDArray> sources;
    private final List<NDArray> weights;
    private final List<NDArray> biases;

    private MxStepWeights(List<NDArray> sources, List<NDArray> weights, List<NDArray> biases) {
        this.sources = sources;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * Builds the step weights of some layer-major LSTM parameters.
     *
     * @param layerMajor the parameters, {@code w_ih, w_hh, b_ih, b_hh} per layer
     * @param numLayers the number of layers
     * @return the step weights
     */
    static MxStepWeights create(NDList layerMajor, int numLayers) {
        List<NDArray> weights = new ArrayList<>(numLayers);
        List<NDArray> biases = new ArrayList<>(numLayers);
        for (int l = 0; l < numLayers; l++) {
            NDArray w = layerMajor.get(4 * l).concat(layerMajor.get(4 * l + 1), 1);
            NDArray b = layerMajor.get(4 * l + 2).add(layerMajor.get(4 * l + 3));
            w.attach(layerMajor.get(4 * l).getManager());
            b.attach(layerMajor.get(4 * l).getManager());
            weights.add(w);
            biases.add(b);
        }
        return new MxStepWeights(new ArrayList<>(layerMajor), weights, biases);
    }

    /**
     * Returns whether these are the step weights of exactly these arrays. The caller serves only
     * parameters without gradients from here ({@link #anyGradient}).
     *
     * @param layerMajor the parameters, layer by layer
     * @return whether the weights were built from them
     */
    boolean isFor(NDList layerMajor) {
        return MxLstmKernel.sameArrays(sources, layerMajor);
    }

    /** Returns the arrays this instance allocated: the weights side by side and the summed biases. */
    List<NDArray> arrays() {
        List<NDArray> all = new ArrayList<>(weights);
        all.addAll(biases);
        return all;
    }

    /** Frees the weights side by side and the summed biases. */
    void close() {
        weights.forEach(NDArray::close);
        biases.forEach(NDArray::close);
    }

    /**
     * Returns layer {@code l}'s weights side by side, {@code [4H, in + H]}.
     *
     * @param l the layer
     * @return the weights
     */
    NDArray weight(int l) {
        return weights.get(l);
    }

    /**
     * Returns layer {@code l}'s summed bias, {@code [4H]}.
     *
     * @param l the layer
     * @return the bias
     */
    NDArray bias(int l) {
        return biases.get(l);
    }

    /**
     * Returns whether any of some arrays has a gradient.
     *
     * @param arrays the arrays
     * @return whether one has a gradient
     */
    static boolean anyGradient(List<NDArray> arrays) {
        for (NDArray a : arrays) {
            if (a.hasGradient()) {
                return true;
            }
        }
        return false;
    }
}

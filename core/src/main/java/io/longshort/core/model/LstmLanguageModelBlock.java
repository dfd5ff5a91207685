package io.longshort.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.LstmKernel;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.SoftmaxHead;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipe's network as one DJL block: embedding {@code V x E}, dropout, LSTM layers (the
 * recipe: {@code L} layers of {@code H} units) with dropout between them and on the last layer's
 * output, and a softmax head (the recipe: {@code H x V} with bias; or tied to the embedding, with
 * an optional projection {@code H -> E}; see {@link SoftmaxHead}).
 *
 * <p>Input: {@code NDList(x)} or {@code NDList(x, state...)}, where {@code x} holds word ids
 * ({@code [B, T]} batch-major or {@code [T, B]} time-major); a missing state is zero. Output:
 * {@code NDList(logits, state...)} with logits {@code [B, T, V]} (or {@code [T, B, V]}) and the
 * final state. The state is {@code (h, c)}, each {@code [L, B, H]}, when all layers have the same
 * size (one fused multi-layer kernel runs them); when sizes differ it is {@code (h_0, c_0, h_1,
 * c_1, ...)}, each {@code [1, B, H_l]}, one kernel call per layer. Callers treat it as opaque.
 *
 * <p>Parameters, all uniform in {@code [-init, init]} at first, in this order: {@code embedding
 * [V, E]}; for each layer {@code l} with input size {@code in} ({@code E}, then the previous
 * layer's size): {@code lstm_l<l>_i2h_weight [4H, in]}, {@code lstm_l<l>_h2h_weight [4H, H]},
 * {@code lstm_l<l>_i2h_bias [4H]} (its forget-gate quarter raised by the forget bias) and {@code
 * lstm_l<l>_h2h_bias [4H]}, gates in the order input, forget, cell, output; {@code
 * projection_weight [E, H]} with a projection; {@code softmax_weight [V, H]} (or {@code [V, E]}
 * after a projection) unless tied; {@code softmax_bias [V]}. The LSTM layers are computed by the
 * {@link LstmKernel}s that the {@link Backend} makes for this block (one for all layers when they
 * have the same size, else one per layer), which map these parameters onto the engine's operator
 * and hold what the engine keeps for them. Close the block to free those.
 */
public final class LstmLanguageModelBlock extends AbstractBlock implements AutoCloseable {

    private static final byte VERSION = 1;

    private final ModelSpec spec;
    private final Layout layout;
    private final List<LstmKernel> kernels;
    private final Parameter embedding;
    private final List<Parameter> lstm = new ArrayList<>();
    private final Parameter projection;
    private final Parameter softmaxWeight;
    private final Parameter softmaxBias;

    /**
     * Creates the block.
     *
     * @param spec the model spec
     * @param layout the layout of the input windows
     * @param backend the backend that makes the kernels of the LSTM layers
     */
    public LstmLanguageModelBlock(ModelSpec spec, Layout layout, Backend backend) {
        super(VERSION);
        this.spec = spec;
        this.layout = layout;
        this.kernels = new ArrayList<>();
        if (spec.uniformLayers()) {
            kernels.add(backend.newLstmKernel(spec.numLayers()));
        } else {
            for (int l = 0; l < spec.numLayers(); l++) {
                kernels.add(backend.newLstmKernel(1));
            }
        }
        long v = spec.vocabularySize();
        long e = spec.embeddingSize();
        embedding = add("embedding", Parameter.Type.WEIGHT, new Shape(v, e));
        long in = e;
        for (int l = 0; l < spec.numLayers(); l++) {
            long h = spec.hiddenSize(l);
            String p = "lstm_l" + l + "_";
            lstm.add(add(p + "i2h_weight", Parameter.Type.WEIGHT, new Shape(4 * h, in)));
            lstm.add(add(p + "h2h_weight", Parameter.Type.WEIGHT, new Shape(4 * h, h)));
            lstm.add(add(p + "i2h_bias", Parameter.Type.BIAS, new Shape(4 * h)));
            lstm.add(add(p + "h2h_bias", Parameter.Type.BIAS, new Shape(4 * h)));
            in = h;
        }
        SoftmaxHead head = spec.softmax();
        projection = head.projection()
                ? add("projection_weight", Parameter.Type.WEIGHT, new Shape(e, spec.hiddenSize()))
                : null;
        long headIn = head.inputSize(spec.embeddingSize(), spec.hiddenSize());
        softmaxWeight = head.tied() ? null : add("softmax_weight", Parameter.Type.WEIGHT, new Shape(v, headIn));
        softmaxBias = add("softmax_bias", Parameter.Type.BIAS, new Shape(v));
    }

    private Parameter add(String name, Parameter.Type type, Shape shape) {
        return addParameter(
                Parameter.builder().setName(name).setType(type).optShape(shape).build());
    }

    /**
     * Returns the model spec.
     *
     * @return the spec
     */
    public ModelSpec spec() {
        return spec;
    }

    /**
     * Returns the layout of the input windows.
     *
     * @return the layout
     */
    public Layout layout() {
        return layout;
    }

    /**
     * Initialises every parameter uniformly in {@code [-init, init]} and adds the forget bias. The
     * values come from a Java generator seeded with {@code seed}, so they are the same on every
     * engine.
     *
     * @param manager the manager that will own the parameters
     * @param seed the seed of the initial values
     */
    public void initializeParameters(NDManager manager, long seed) {
        SeededUniformInitializer init = new SeededUniformInitializer(spec.initScale(), seed);
        setInitializer(init, Parameter.Type.WEIGHT);
        setInitializer(init, Parameter.Type.BIAS);
        initialize(manager, DataType.FLOAT32, layout.shape(spec.batchSize(), spec.numSteps()));
        for (int l = 0; l < spec.numLayers(); l++) {
            long h = spec.hiddenSize(l);
            NDArray bias = lstm.get(4 * l + 2).getArray();
            NDArray forget = bias.get(h + ":" + 2 * h);
            bias.set(new NDIndex(h + ":" + 2 * h), forget.add(spec.forgetBias()));
            forget.close();
        }
    }

    /**
     * Returns a zero state: {@code (h, c)}, each {@code [L, B, H]}, when the layers have equal
     * sizes, else {@code (h_0, c_0, h_1, c_1, ...)}, each {@code [1, B, H_l]}.
     *
     * @param manager the manager of the state
     * @param batchSize the batch size
     * @return the state
     */
    public NDList zeroState(NDManager manager, long batchSize) {
        NDList state = new NDList();
        for (Shape shape : stateShapes(batchSize)) {
            state.add(manager.zeros(shape));
        }
        return state;
    }

    /**
     * Returns a forward result whose state keeps only the batch rows from {@code from} on (every
     * state array has the batch on its second axis).
     *
     * @param output a forward result
     * @param from the first batch row to keep
     * @return the first array as it is, then the state of the rows kept
     */
    public NDList keepRows(NDList output, long from) {
        NDList kept = new NDList(output.size());
        kept.add(output.get(0));
        for (int i = 1; i < output.size(); i++) {
            kept.add(output.get(i)
                    .get(new NDIndex()
                            .addAllDim()
                            .addSliceDim(from, output.get(i).getShape().get(1))));
        }
        return kept;
    }

    private Shape[] stateShapes(long batchSize) {
        if (spec.uniformLayers()) {
            Shape shape = new Shape(spec.numLayers(), batchSize, spec.hiddenSize());
            return new Shape[] {shape, shape};
        }
        Shape[] shapes = new Shape[2 * spec.numLayers()];
        for (int l = 0; l < spec.numLayers(); l++) {
            Shape shape = new Shape(1, batchSize, spec.hiddenSize(l));
            shapes[2 * l] = shape;
            shapes[2 * l + 1] = shape;
        }
        return shapes;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = features(parameterStore, inputs, training);
        NDArray logits = head(parameterStore, out.get(0), training);
        NDList result = new NDList(out.size());
        result.add(logits);
        result.addAll(out.subList(1, out.size()));
        return result;
    }

    /**
     * Runs the block up to the softmax head: what the head reads at every position, so that a
     * caller that needs the distribution at a few positions only can apply {@link #head} to those.
     *
     * @param parameterStore the parameter store
     * @param inputs {@code NDList(x)} or {@code NDList(x, state...)}, as {@link #forward}
     * @param training whether this is a training pass (dropout on)
     * @return the head's input ({@code [B, T, H]} or {@code [T, B, H]}), then the final state
     */
    public NDList features(ParameterStore parameterStore, NDList inputs, boolean training) {
        NDArray x = inputs.get(0);
        boolean batchFirst = layout == Layout.BATCH_MAJOR;
        NDList state = inputs.size() > 1
                ? new NDList(inputs.subList(1, inputs.size()))
                : zeroState(x.getManager(), layout.batch(x.getShape()));
        NDArrayEx ex = x.getNDArrayInternal();
        var device = x.getDevice();
        NDArray embeddingWeight = parameterStore.getValue(embedding, device, training);
        NDArray hidden = ex.embedding(x, embeddingWeight, SparseFormat.DENSE).head();
        hidden = dropout(hidden, spec.inputDropout(), training);
        NDList finalState = new NDList(state.size());
        if (spec.uniformLayers()) {
            NDList weights = new NDList(lstm.size());
            for (Parameter p : lstm) {
                weights.add(parameterStore.getValue(p, device, training));
            }
            NDList out = kernels.get(0)
                    .forward(hidden, state, weights, training ? spec.hiddenDropout() : 0f, training, batchFirst);
            hidden = out.get(0);
            finalState.add(out.get(1));
            finalState.add(out.get(2));
        } else {
            for (int l = 0; l < spec.numLayers(); l++) {
                NDList weights = new NDList(4);
                for (int k = 0; k < 4; k++) {
                    weights.add(parameterStore.getValue(lstm.get(4 * l + k), device, training));
                }
                NDList layerState = new NDList(state.get(2 * l), state.get(2 * l + 1));
                NDList out = kernels.get(l).forward(hidden, layerState, weights, 0f, training, batchFirst);
                hidden = out.get(0);
                if (l < spec.numLayers() - 1) {
                    hidden = dropout(hidden, spec.hiddenDropout(), training);
                }
                finalState.add(out.get(1));
                finalState.add(out.get(2));
            }
        }
        hidden = dropout(hidden, spec.outputDropout(), training);
        NDList result = new NDList(1 + finalState.size());
        result.add(hidden);
        result.addAll(finalState);
        return result;
    }

    /**
     * Applies the softmax head (with the projection, if any) to what {@link #features} returned,
     * or to any rows of it: each row's logits depend on that row alone.
     *
     * @param parameterStore the parameter store
     * @param hidden the head's input, last axis the features
     * @param training whether this is a training pass
     * @return the logits, the same shape but {@code V} on the last axis
     */
    public NDArray head(ParameterStore parameterStore, NDArray hidden, boolean training) {
        var device = hidden.getDevice();
        if (projection != null) {
            hidden = hidden.getNDArrayInternal()
                    .linear(hidden, parameterStore.getValue(projection, device, training), null)
                    .head();
        }
        NDArray outputWeight = softmaxWeight == null
                ? parameterStore.getValue(embedding, device, training)
                : parameterStore.getValue(softmaxWeight, device, training);
        return hidden.getNDArrayInternal()
                .linear(hidden, outputWeight, parameterStore.getValue(softmaxBias, device, training))
                .head();
    }

    private static NDArray dropout(NDArray a, float rate, boolean training) {
        if (!training || rate <= 0) {
            return a;
        }
        return a.getNDArrayInternal().dropout(a, rate, true).head();
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape[] state = stateShapes(layout.batch(x));
        Shape[] out = new Shape[1 + state.length];
        out[0] = new Shape(x.get(0), x.get(1), spec.vocabularySize());
        System.arraycopy(state, 0, out, 1, state.length);
        return out;
    }

    /**
     * Closes the LSTM kernels and with them what the engine keeps for this block's layers. The
     * parameters stay with the manager that owns them.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (LstmKernel kernel : kernels) {
            try {
                kernel.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "LstmLanguageModelBlock" + spec;
    }
}

package io.longshort.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.longshort.core.engine.Backend;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipe's network as one DJL block: embedding {@code V x E}, dropout, {@code L} stacked LSTM
 * layers of {@code H} units with dropout on each layer's output, and a softmax head {@code H x V}
 * with bias.
 *
 * <p>Input: {@code NDList(x)} or {@code NDList(x, h, c)}, where {@code x} holds word ids ({@code
 * [B, T]} batch-major or {@code [T, B]} time-major) and {@code h}, {@code c} are {@code [L, B,
 * H]}; a missing state is zero. Output: {@code NDList(logits, h, c)} with logits {@code [B, T,
 * V]} (or {@code [T, B, V]}) and the final state.
 *
 * <p>Parameters, all uniform in {@code [-init, init]} at first: {@code embedding [V, E]}; for
 * each layer {@code l}: {@code lstm_l<l>_i2h_weight [4H, in]}, {@code lstm_l<l>_h2h_weight [4H,
 * H]}, {@code lstm_l<l>_i2h_bias [4H]} (its forget-gate quarter raised by the forget bias) and
 * {@code lstm_l<l>_h2h_bias [4H]}, gates in the order input, forget, cell, output; {@code
 * softmax_weight [V, H]} and {@code softmax_bias [V]}. The stacked LSTM is computed by the {@link
 * Backend}, which maps these parameters onto its engine's kernel.
 */
public final class LstmLanguageModelBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ModelSpec spec;
    private final Layout layout;
    private final Backend backend;
    private final Parameter embedding;
    private final List<Parameter> lstm = new ArrayList<>();
    private final Parameter softmaxWeight;
    private final Parameter softmaxBias;

    /**
     * Creates the block.
     *
     * @param spec the model spec
     * @param layout the layout of the input windows
     * @param backend the backend that computes the stacked LSTM
     */
    public LstmLanguageModelBlock(ModelSpec spec, Layout layout, Backend backend) {
        super(VERSION);
        this.spec = spec;
        this.layout = layout;
        this.backend = backend;
        long v = spec.vocabularySize();
        long e = spec.embeddingSize();
        long h = spec.hiddenSize();
        embedding = add("embedding", Parameter.Type.WEIGHT, new Shape(v, e));
        for (int l = 0; l < spec.numLayers(); l++) {
            long in = l == 0 ? e : h;
            String p = "lstm_l" + l + "_";
            lstm.add(add(p + "i2h_weight", Parameter.Type.WEIGHT, new Shape(4 * h, in)));
            lstm.add(add(p + "h2h_weight", Parameter.Type.WEIGHT, new Shape(4 * h, h)));
            lstm.add(add(p + "i2h_bias", Parameter.Type.BIAS, new Shape(4 * h)));
            lstm.add(add(p + "h2h_bias", Parameter.Type.BIAS, new Shape(4 * h)));
        }
        softmaxWeight = add("softmax_weight", Parameter.Type.WEIGHT, new Shape(v, h));
        softmaxBias = add("softmax_bias", Parameter.Type.BIAS, new Shape(v));
    }

    private Parameter add(String name, Parameter.Type type, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).build());
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
        Shape input =
                layout == Layout.BATCH_MAJOR
                        ? new Shape(spec.batchSize(), spec.numSteps())
                        : new Shape(spec.numSteps(), spec.batchSize());
        initialize(manager, DataType.FLOAT32, input);
        long h = spec.hiddenSize();
        for (int l = 0; l < spec.numLayers(); l++) {
            NDArray bias = lstm.get(4 * l + 2).getArray();
            NDArray forget = bias.get(h + ":" + 2 * h);
            bias.set(new ai.djl.ndarray.index.NDIndex(h + ":" + 2 * h), forget.add(spec.forgetBias()));
            forget.close();
        }
    }

    /**
     * Returns a zero state {@code (h, c)}, each {@code [L, B, H]}.
     *
     * @param manager the manager of the state
     * @param batchSize the batch size
     * @return the state
     */
    public NDList zeroState(NDManager manager, long batchSize) {
        Shape shape = new Shape(spec.numLayers(), batchSize, spec.hiddenSize());
        return new NDList(manager.zeros(shape), manager.zeros(shape));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        boolean batchFirst = layout == Layout.BATCH_MAJOR;
        long batch = x.getShape().get(batchFirst ? 0 : 1);
        NDList state =
                inputs.size() >= 3
                        ? new NDList(inputs.get(1), inputs.get(2))
                        : zeroState(x.getManager(), batch);
        NDArrayEx ex = x.getNDArrayInternal();
        var device = x.getDevice();
        NDArray emb =
                ex.embedding(x, parameterStore.getValue(embedding, device, training), SparseFormat.DENSE)
                        .head();
        float drop = spec.dropout();
        if (training && drop > 0) {
            emb = emb.getNDArrayInternal().dropout(emb, drop, true).head();
        }
        NDList weights = new NDList(lstm.size());
        for (Parameter p : lstm) {
            weights.add(parameterStore.getValue(p, device, training));
        }
        NDList out =
                backend.lstm(
                        emb,
                        state,
                        weights,
                        spec.numLayers(),
                        training ? drop : 0f,
                        training,
                        batchFirst);
        NDArray hidden = out.get(0);
        if (training && drop > 0) {
            hidden = hidden.getNDArrayInternal().dropout(hidden, drop, true).head();
        }
        NDArray logits =
                hidden.getNDArrayInternal()
                        .linear(
                                hidden,
                                parameterStore.getValue(softmaxWeight, device, training),
                                parameterStore.getValue(softmaxBias, device, training))
                        .head();
        return new NDList(logits, out.get(1), out.get(2));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        long batch = layout == Layout.BATCH_MAJOR ? x.get(0) : x.get(1);
        Shape state = new Shape(spec.numLayers(), batch, spec.hiddenSize());
        return new Shape[] {new Shape(x.get(0), x.get(1), spec.vocabularySize()), state, state};
    }

    @Override
    public String toString() {
        return "LstmLanguageModelBlock" + spec;
    }
}

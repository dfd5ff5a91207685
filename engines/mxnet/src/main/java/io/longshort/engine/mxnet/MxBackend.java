package io.longshort.engine.mxnet;

import ai.djl.mxnet.engine.MxNDArray;
import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.util.PairList;
import io.longshort.core.engine.AbstractBackend;
import io.longshort.core.engine.NativeEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /**
     * How many models' flat LSTM parameters, and how many models' step weights, are kept at most
     * (each is the size of the LSTM's parameters).
     */
    static final int MAX_CACHED_MODELS = 4;

    private final PerModelCache<MxFusedLstmWeights> fused = new PerModelCache<>();
    private final PerModelCache<MxStepWeights> stepWeights = new PerModelCache<>();

    /** Creates the backend; the engine loads on first use. */
    public MxBackend() {
        super(NAME, "MXNet");
    }

    /**
     * Sets MXNet's thread count and OpenBLAS's kernels before MXNet loads, unless the user set them.
     *
     * <ul>
     *   <li>{@code MXNET_OMP_MAX_THREADS}: one OpenMP thread per processor the JVM may use ({@link
     *       #ompThreads}). MXNet 1.9.1 otherwise assumes that every x86 machine has two hardware
     *       threads per core and halves the processor count, so on a 2-core machine it runs every
     *       operator, oneDNN's included, on one thread: the small preset trained 43% faster and the
     *       medium one 50% faster with both (see BENCHMARKS.md, change 12).
     *   <li>{@code OMP_WAIT_POLICY=PASSIVE}: idle OpenMP threads sleep rather than spin, as on
     *       PyTorch, so that a busy machine slows training down without stalling it.
     *   <li>{@code OPENBLAS_CORETYPE} where MXNet's bundled OpenBLAS 0.3.7 would not recognise the
     *       CPU (AMD Zen 3 and later, see {@link OpenBlasCore}): on the 2-core AMD EPYC this project
     *       is measured on, it makes a float32 2048 x 2048 product 2.8x faster (19 to 54 GFLOP/s).
     * </ul>
     */
    @Override
    protected void beforeEngineLoad() {
        ompThreads(System::getenv, Runtime.getRuntime().availableProcessors())
                .ifPresent(n -> NativeEnvironment.setIfAbsent("MXNET_OMP_MAX_THREADS", n));
        NativeEnvironment.setIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        OpenBlasCore.forThisMachine().ifPresent(core -> NativeEnvironment.setIfAbsent("OPENBLAS_CORETYPE", core));
    }

    /**
     * Returns the {@code MXNET_OMP_MAX_THREADS} to set: the processor count, unless the environment
     * already chooses MXNet's thread count ({@code MXNET_OMP_MAX_THREADS} or {@code
     * OMP_NUM_THREADS}, which MXNet honours as they are).
     *
     * @param environment the process environment, by name
     * @param processors the processors the JVM may use
     * @return the value to set, or empty to leave MXNet's choice to the user's settings
     */
    static Optional<String> ompThreads(Function<String, String> environment, int processors) {
        if (environment.apply("MXNET_OMP_MAX_THREADS") != null || environment.apply("OMP_NUM_THREADS") != null) {
            return Optional.empty();
        }
        return Optional.of(Integer.toString(Math.max(1, processors)));
    }

    /**
     * Sums the squares of all arrays with MXNet's {@code multi_sum_sq} operator: one operator for
     * every gradient instead of a square, a sum and an addition per gradient.
     */
    @Override
    public NDArray sumOfSquares(List<NDArray> arrays) {
        if (arrays.isEmpty()) {
            return null;
        }
        PairList<String, Object> params = new PairList<>();
        params.add("num_arrays", arrays.size());
        NDManager manager = arrays.get(0).getManager();
        try (NDArray perArray = manager.invoke("multi_sum_sq", new NDList(arrays), params).head()) {
            return perArray.sum();
        }
    }

    /**
     * Updates each parameter in place with MXNet's {@code sgd_update} operator: {@code p -= rate *
     * g} in one operator per parameter (weight decay 0, no clipping of its own) and no temporary
     * array, instead of a multiply and a subtraction. (The all-parameters-at-once {@code
     * multi_sgd_update} has several outputs, which DJL's {@code invoke} cannot receive.)
     */
    @Override
    public void sgdStep(List<NDArray> parameters, List<NDArray> gradients, float rate) {
        PairList<String, Object> params = new PairList<>();
        params.add("lr", rate);
        params.add("wd", 0.0f);
        params.add("rescale_grad", 1.0f);
        params.add("clip_gradient", -1.0f);
        for (int k = 0; k < parameters.size(); k++) {
            NDArray p = parameters.get(k);
            p.getManager().invoke("sgd_update", new NDArray[] {p, gradients.get(k)}, new NDArray[] {p}, params);
        }
    }

    /**
     * Computes the cost and starts the backward pass at the logits with their closed-form gradient
     * ({@link MxLogitGradient}), because MXNet 1.9.1's log-softmax backward is slow on CPU: about
     * 85 of a small-preset step's 350 ms.
     */
    @Override
    public Optional<NDArray> backwardFromLogits(NDArray logits, NDArray targets, long batchSize) {
        return Optional.of(MxLogitGradient.INSTANCE.costAndBackward(logits, targets, batchSize));
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
            MxStepWeights step = MxStepWeights.anyGradient(layerMajorParameters)
                    ? null
                    : stepWeights.get(layerMajorParameters, () -> MxStepWeights.create(layerMajorParameters, numLayers));
            return singleStep(input, state, layerMajorParameters, step, numLayers, batchFirst);
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

    /**
     * Returns the LSTM parameters as the fused operator's one flat vector ({@link
     * MxFusedLstmWeights}), filled with their current values; the flat form is kept per model.
     */
    private NDArray fusedWeights(NDList fusedOrder) {
        return unrecorded(() -> {
            synchronized (fused) {
                return fused.get(fusedOrder, () -> MxFusedLstmWeights.create(fusedOrder)).refreshed();
            }
        });
    }

    /**
     * Runs work with MXNet's recording paused on this thread (MXNet records operators on any
     * array while it records) and restores it after.
     *
     * @param work the work
     * @param <T> its result
     * @return its result
     */
    static <T> T unrecorded(Supplier<T> work) {
        boolean recording = JnaUtils.autogradSetIsRecording(false);
        try {
            return work.get();
        } finally {
            JnaUtils.autogradSetIsRecording(recording);
        }
    }

    /**
     * Returns how many models' flat LSTM parameters this backend holds, after dropping those of
     * freed models; for tests.
     */
    int fusedModels() {
        return fused.size();
    }

    /**
     * Returns how many models' step weights this backend holds, after dropping those of freed
     * models; for tests.
     */
    int stepWeightModels() {
        return stepWeights.size();
    }

    /** Something kept per model, built from the model's arrays and dropped when they are freed. */
    interface PerModel {
        /** Returns whether this was built from exactly these arrays and may serve them. */
        boolean isFor(NDList arrays);

        /** Returns whether the model's arrays or this one's were freed. */
        boolean isReleased();

        /** Frees this one's arrays. */
        void close();
    }

    /**
     * A few models' {@link PerModel} forms: those of freed models are dropped, and the oldest
     * when {@link #MAX_CACHED_MODELS} are held.
     */
    private static final class PerModelCache<T extends PerModel> {
        private final List<T> entries = new ArrayList<>();

        synchronized T get(NDList arrays, Supplier<T> create) {
            dropReleased();
            for (T e : entries) {
                if (e.isFor(arrays)) {
                    return e;
                }
            }
            if (entries.size() == MAX_CACHED_MODELS) {
                entries.remove(0).close();
            }
            T e = create.get();
            entries.add(e);
            return e;
        }

        synchronized int size() {
            dropReleased();
            return entries.size();
        }

        private void dropReleased() {
            entries.removeIf(e -> {
                if (e.isReleased()) {
                    e.close();
                    return true;
                }
                return false;
            });
        }
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

    /** Returns whether any of some arrays was freed. */
    static boolean anyReleased(List<NDArray> arrays) {
        for (NDArray a : arrays) {
            if (((MxNDArray) a).isReleased()) {
                return true;
            }
        }
        return false;
    }

    /**
     * One step of the LSTM layers in inference, from plain operators: {@code gates = x W_ih^T +
     * b_ih + h W_hh^T + b_hh}, split into input, forget, cell and output gates, {@code c' = f c +
     * i g}, {@code h' = o tanh(c')}. An incremental session (batch 1, one word at a time) spends
     * its time here: MXNet's fused RNN operator costs about 230 ms per call at batch 1 on 2 cores
     * for the medium preset (it repacks the weights each call), these operators a few ms. For a
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
                gates = ex.linear(x, layerMajor.get(4 * l), layerMajor.get(4 * l + 2)).head()
                        .add(ex.linear(h.get(l), layerMajor.get(4 * l + 1), layerMajor.get(4 * l + 3)).head());
            }
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

package io.longshort.engine.mxnet;

import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.util.PairList;
import io.longshort.core.engine.AbstractBackend;
import io.longshort.core.engine.LstmKernel;
import io.longshort.core.engine.NativeEnvironment;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The MXNet backend. Its LSTM kernels ({@link MxLstmKernel}) reorder the parameters into the order
 * of MXNet's fused RNN operator, so that a model computes the same logits on both engines from the
 * same parameters, and keep each model's parameters in the forms MXNet reads fastest.
 */
public final class MxBackend extends AbstractBackend {

    /** The registration name. */
    public static final String NAME = "mxnet";

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
     *       operator, oneDNN's included, on one thread, leaving the second core idle (BENCHMARKS.md
     *       measures the difference).
     *   <li>{@code OMP_WAIT_POLICY=PASSIVE}: idle OpenMP threads sleep rather than spin, as on
     *       PyTorch, so that a busy machine slows training down without stalling it.
     *   <li>{@code OPENBLAS_CORETYPE} where MXNet's bundled OpenBLAS 0.3.7 would not recognise the
     *       CPU (AMD Zen 3 and later, see {@link OpenBlasCore}), which would otherwise fall back to
     *       kernels without AVX.
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
     * Uses MXNet's {@code multi_sum_sq} operator: one operator for every gradient instead of a
     * square, a sum and an addition per gradient.
     */
    @Override
    public NDArray sumOfSquares(List<NDArray> arrays) {
        if (arrays.isEmpty()) {
            return null;
        }
        PairList<String, Object> params = new PairList<>();
        params.add("num_arrays", arrays.size());
        NDManager manager = arrays.get(0).getManager();
        try (NDArray perArray =
                manager.invoke("multi_sum_sq", new NDList(arrays), params).head()) {
            return perArray.sum();
        }
    }

    /**
     * Uses MXNet's {@code sgd_update} operator (weight decay 0, no clipping of its own): one
     * operator per parameter and no temporary array, instead of a multiply and a subtraction. (The
     * all-parameters-at-once {@code multi_sgd_update} has several outputs, which DJL's {@code
     * invoke} cannot receive.)
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
     * Uses {@link MxLogitGradient}, because MXNet 1.9.1's log-softmax backward is slow on CPU: a
     * large share of a small-preset step (BENCHMARKS.md, "Where the time goes").
     */
    @Override
    public Optional<NDArray> backwardFromLogits(NDArray logits, NDArray targets, long batchSize) {
        return Optional.of(MxLogitGradient.INSTANCE.costAndBackward(logits, targets, batchSize));
    }

    /**
     * False: MXNet's threaded engines are not safe for several client threads pushing work at once
     * (MXNet's own documentation of {@code MXNET_ENGINE_TYPE}).
     */
    @Override
    public boolean concurrentInference() {
        return false;
    }

    /** Makes an {@link MxLstmKernel}. */
    @Override
    public LstmKernel newLstmKernel(int numLayers) {
        return new MxLstmKernel(numLayers);
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
}

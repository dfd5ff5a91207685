package io.longshort.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.longshort.core.engine.AbstractBackend;
import io.longshort.core.engine.LstmFallback;
import io.longshort.core.engine.NativeEnvironment;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The PyTorch backend. PyTorch's fused LSTM reads the parameters layer by layer, which is core's
 * order, and packs them itself on every call, so the default {@link
 * io.longshort.core.engine.Backend#newLstmKernel} is used as it is: a kernel that keeps nothing.
 */
public final class PtBackend extends AbstractBackend {

    /** The registration name. */
    public static final String NAME = "pytorch";

    private volatile int intraOpThreads = 1;

    /** Creates the backend; the engine loads on first use. */
    public PtBackend() {
        super(NAME, "PyTorch");
    }

    /**
     * Runs the work with libtorch's grad mode off and the intra-op thread count that the engine
     * chose when it loaded, restoring the thread's own settings after. Both are per thread in
     * libtorch: grad mode is on by default on every thread but the one that loaded the engine,
     * and loading MXNet on a thread sets the (shared OpenMP) thread count to 1 there; either
     * changes the result of the same forward pass in its last digits.
     */
    @Override
    public <T> T inference(Supplier<T> work) {
        engine();
        boolean gradMode = JniUtils.isGradMode();
        int threads = JniUtils.getNumThreads();
        if (gradMode) {
            JniUtils.setGradMode(false);
        }
        if (threads != intraOpThreads) {
            JniUtils.setNumThreads(intraOpThreads);
        }
        try {
            return work.get();
        } finally {
            if (threads != intraOpThreads) {
                JniUtils.setNumThreads(threads);
            }
            if (gradMode) {
                JniUtils.setGradMode(true);
            }
        }
    }

    /**
     * Uses one dot product per array ({@code g . g} over its flattened view), which reads each
     * array once and allocates nothing the size of it, where {@code square().sum()} writes and
     * reads a squared copy.
     */
    @Override
    public NDArray sumOfSquares(List<NDArray> arrays) {
        NDArray total = null;
        for (NDArray a : arrays) {
            try (NDArray flat = a.reshape(-1)) {
                NDArray sq = flat.dot(flat);
                total = total == null ? sq : total.add(sq);
            }
        }
        return total;
    }

    /**
     * Scales each gradient in place and subtracts it from its parameter in place: {@code g *= rate;
     * p -= g}. The same two float operations per element as the default, so the same result to
     * the bit, without the default's temporary {@code rate * g} (on the medium preset 80 MB of
     * fresh memory a step).
     */
    @Override
    public void sgdStep(List<NDArray> parameters, List<NDArray> gradients, float rate) {
        for (int k = 0; k < parameters.size(); k++) {
            NDArray g = gradients.get(k);
            g.muli(rate);
            parameters.get(k).subi(g);
        }
    }

    /** Uses libtorch's {@code zero_} (a fill) rather than a subtraction. */
    @Override
    public void zeroGradients(List<NDArray> parameters) {
        for (NDArray p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /**
     * Uses {@link PtLogitGradient}, which skips differentiating log-softmax and pick (see
     * BENCHMARKS.md for what it saves).
     */
    @Override
    public Optional<NDArray> backwardFromLogits(NDArray logits, NDArray targets, long batchSize) {
        return Optional.of(PtLogitGradient.INSTANCE.costAndBackward(logits, targets, batchSize));
    }

    /**
     * One fallback: libtorch with oneDNN off, so that its LSTM is ATen's own. libtorch 2.7.1's
     * oneDNN LSTM (its AVX-512 {@code brgemm} kernel) computes wrong gates on AMD Zen 5; ATen's
     * path computes the same function from plain matrix products.
     */
    @Override
    protected List<LstmFallback> lstmFallbacks() {
        return List.of(new LstmFallback("ATen's own LSTM (oneDNN off)", () -> PtOneDnn.setEnabled(false)));
    }

    @Override
    protected void afterEngineLoad() {
        intraOpThreads = JniUtils.getNumThreads();
    }

    /**
     * Sets PyTorch's thread pools before the engine loads, unless the user set them: one
     * inter-op thread (the recipe runs one op at a time) and one intra-op thread per processor
     * the JVM may use ({@link Runtime#availableProcessors()}, which honours container limits),
     * with idle OpenMP threads sleeping rather than spinning. Set {@code
     * -Dai.djl.pytorch.num_threads=N} to choose another count.
     */
    @Override
    protected void beforeEngineLoad() {
        // OpenMP threads that wait for work sleep instead of spinning: with 2 intra-op threads on
        // a busy 2-core machine, spinning threads steal the cores from each other.
        NativeEnvironment.setIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty(
                    "ai.djl.pytorch.num_threads",
                    Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }
}

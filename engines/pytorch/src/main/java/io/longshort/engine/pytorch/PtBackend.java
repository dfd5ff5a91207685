package io.longshort.engine.pytorch;

import ai.djl.pytorch.jni.JniUtils;
import io.longshort.core.engine.AbstractBackend;
import java.util.function.Supplier;

/**
 * The PyTorch backend. PyTorch's fused LSTM reads the parameters layer by layer, which is core's
 * order, so the default {@link io.longshort.core.engine.Backend#lstm} is used as it is.
 */
public final class PtBackend extends AbstractBackend {

    /** The registration name. */
    public static final String NAME = "pytorch";

    /** Creates the backend; the engine loads on first use. */
    public PtBackend() {
        super(NAME, "PyTorch");
    }

    /**
     * Turns libtorch's grad mode off for the work. The mode is per thread and on by default; DJL
     * turns it off only on the thread that loads the engine, and with it on, the same forward
     * pass gives slightly different results (other kernels are chosen).
     */
    @Override
    public <T> T withoutGradients(Supplier<T> work) {
        engine();
        boolean was = JniUtils.isGradMode();
        if (was) {
            JniUtils.setGradMode(false);
        }
        try {
            return work.get();
        } finally {
            if (was) {
                JniUtils.setGradMode(true);
            }
        }
    }

    /**
     * Sets PyTorch's thread pools before the engine loads, unless the user set them: one
     * inter-op thread (the recipe runs one op at a time) and one intra-op thread. On 2 cores, one
     * intra-op thread trains the demo about 20% slower than two on an idle machine, but when
     * anything else runs beside it, two OpenMP threads that spin for each other fall to a tenth
     * of the speed (measured: 430 to 710 against 4,900 to 8,000 words per second). Set {@code
     * -Dai.djl.pytorch.num_threads=N} for more.
     */
    @Override
    protected void beforeEngineLoad() {
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
    }
}

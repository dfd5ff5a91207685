package io.longshort.engine.pytorch;

import io.longshort.core.engine.AbstractBackend;

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

    @Override
    protected void beforeEngineLoad() {
        // one inter-op thread: the recipe runs one op at a time, and a second pool only competes
        // with the intra-op threads for the cores
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}

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
}

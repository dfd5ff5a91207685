package io.longshort.engine.pytorch;

import com.google.inject.Module;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.EnginePlugin;

/** Registers {@link PtBackend} under {@value PtBackend#NAME}. */
public final class PtEnginePlugin implements EnginePlugin {

    @Override
    public Module module() {
        return binder -> Backends.bind(binder, PtBackend.NAME, PtBackend.class);
    }
}

package io.longshort.engine.mxnet;

import com.google.inject.Module;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.EnginePlugin;

/** Registers {@link MxBackend} under {@value MxBackend#NAME}. */
public final class MxEnginePlugin implements EnginePlugin {

    @Override
    public Module module() {
        return binder -> Backends.bind(binder, MxBackend.NAME, MxBackend.class);
    }
}

package io.longshort.core.engine;

import com.google.inject.Module;

/**
 * The service an engine module publishes in
 * {@code META-INF/services/io.longshort.core.engine.EnginePlugin}. It hands core a Guice module
 * that adds one entry to the {@code MapBinder<String, Backend>} (see {@link Backends#bind}).
 * Implementations are tiny and must not load native code: the backend itself is built only when
 * it is selected.
 */
public interface EnginePlugin {

    /**
     * Returns the Guice module that registers this plugin's backend.
     *
     * @return the module
     */
    Module module();
}

package io.longshort.dsl;

import ai.djl.engine.Engine;
import com.google.inject.Module;
import io.longshort.core.engine.AbstractBackend;
import io.longshort.core.engine.Backends;
import io.longshort.core.engine.EnginePlugin;

/** A plugin registering an engine named "fake" that is never loaded: the dsl's tests know which engines are present. */
public final class FakeEnginePlugin implements EnginePlugin {

    @Override
    public Module module() {
        return binder -> Backends.bind(binder, "fake", FakeBackend.class);
    }

    /** Never loads an engine. */
    public static final class FakeBackend extends AbstractBackend {
        /** Creates it. */
        public FakeBackend() {
            super("fake", "Fake");
        }

        @Override
        public Engine engine() {
            throw new UnsupportedOperationException("the fake engine does not run");
        }
    }
}

package io.longshort.core.engine;

import ai.djl.engine.Engine;
import io.longshort.core.LongshortException;

/**
 * A backend over a named DJL engine, loaded on first use in offline mode: nothing is downloaded
 * at run time, the native library comes from the engine's Maven jar.
 */
public abstract class AbstractBackend implements Backend {

    private final String name;
    private final String djlEngineName;
    private volatile Engine engine;

    /**
     * Creates the backend.
     *
     * @param name the longshort name, such as {@code pytorch}
     * @param djlEngineName DJL's engine name, such as {@code PyTorch}
     */
    protected AbstractBackend(String name, String djlEngineName) {
        this.name = name;
        this.djlEngineName = djlEngineName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (this) {
                e = engine;
                if (e == null) {
                    if (System.getProperty("ai.djl.offline") == null) {
                        System.setProperty("ai.djl.offline", "true");
                    }
                    beforeEngineLoad();
                    try {
                        e = Engine.getEngine(djlEngineName);
                    } catch (RuntimeException | UnsatisfiedLinkError ex) {
                        throw new LongshortException(
                                "The " + name + " engine could not start (" + ex.getMessage()
                                        + "): check that its native jar for this platform is on the"
                                        + " class path, or choose another engine.",
                                ex);
                    }
                    afterEngineLoad();
                    engine = e;
                }
            }
        }
        return e;
    }

    /**
     * Called once, just before the DJL engine loads: the place for engine-specific system
     * properties such as thread counts. Does nothing by default.
     */
    protected void beforeEngineLoad() {}

    /**
     * Called once, on the thread that loaded the DJL engine, just after it loaded: the place to
     * record settings the engine chose for itself. Does nothing by default.
     */
    protected void afterEngineLoad() {}

    @Override
    public String toString() {
        return name;
    }
}

package io.longshort.core.engine;

import ai.djl.engine.Engine;
import io.longshort.core.LongshortException;
import java.util.List;

/**
 * A backend over a named DJL engine, loaded on first use in offline mode: nothing is downloaded
 * at run time, the native library comes from the engine's Maven jar. Once loaded, the engine's LSTM
 * is checked against a plain-Java reference ({@link LstmSelfCheck}) before anything else uses it.
 */
public abstract class AbstractBackend implements Backend {

    private final String name;
    private final String djlEngineName;
    private volatile Engine engine;
    private Engine loading;
    private LongshortException failure;
    private volatile LstmFallback fallback;

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

    /**
     * Returns the DJL engine, loading it and running the {@link LstmSelfCheck} on first use. Other
     * threads wait until the check is done; the check itself, on the loading thread, gets the
     * engine as soon as it has loaded.
     */
    @Override
    public Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (this) {
            if (engine != null) {
                return engine;
            }
            if (failure != null) {
                throw failure;
            }
            if (loading != null) {
                return loading;
            }
            try {
                loading = load();
                afterEngineLoad();
                fallback = LstmSelfCheck.verify(this, lstmFallbacks(), System.getProperty(LstmSelfCheck.PROPERTY))
                        .orElse(null);
                engine = loading;
                return engine;
            } catch (LongshortException ex) {
                failure = ex;
                throw ex;
            } finally {
                loading = null;
            }
        }
    }

    private Engine load() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        beforeEngineLoad();
        try {
            return Engine.getEngine(djlEngineName);
        } catch (RuntimeException | UnsatisfiedLinkError ex) {
            throw new LongshortException(
                    "The " + name + " engine could not start (" + ex.getMessage()
                            + "): check that its native jar for this platform is on the"
                            + " class path, or choose another engine.",
                    ex);
        }
    }

    /**
     * Returns the safer ways this engine can compute its LSTM layers, in order of preference, for
     * the {@link LstmSelfCheck} to switch to where the default kernel is wrong. None by default.
     *
     * @return the fallbacks
     */
    protected List<LstmFallback> lstmFallbacks() {
        return List.of();
    }

    /**
     * Returns the engine and its version, followed by the LSTM fallback in use where the self-check
     * switched to one.
     */
    @Override
    public String describe() {
        Engine e = engine();
        String base = e.getEngineName() + " " + e.getVersion();
        LstmFallback f = fallback;
        return f == null ? base : base + ", LSTM: " + f.description();
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

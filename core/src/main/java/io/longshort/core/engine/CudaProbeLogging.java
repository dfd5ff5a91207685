package io.longshort.core.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DJL's CUDA probe quiet. When an engine loads, DJL asks the CUDA runtime how many GPUs there
 * are ({@code ai.djl.util.cuda.CudaUtils}); where a CUDA toolkit is installed without a GPU or
 * driver, each question logs a WARN ("Failed to detect GPU count"), four in all. longshort ships
 * CPU-only natives, so the answer is never used: the probe's logger is set to ERROR before the
 * first engine loads, unless the application has configured that logger itself.
 *
 * <p>SLF4J has no API for levels, so this speaks to the binding found: slf4j-simple (a system
 * property read when the logger is made), java.util.logging, Logback and Log4j 2 (through their
 * own APIs, found by reflection so that none of them is a dependency).
 */
public final class CudaProbeLogging {

    static final String LOGGER = "ai.djl.util.cuda.CudaUtils";
    static final String SIMPLE_PROPERTY = "org.slf4j.simpleLogger.log." + LOGGER;

    /** Held so that java.util.logging, which keeps loggers weakly, keeps the level set. */
    private static java.util.logging.Logger julLogger;

    private static boolean done;

    private CudaProbeLogging() {}

    /**
     * Sets the probe's logger to ERROR, once, where the application has not set it. {@link
     * Backends#get} calls it before an engine loads; an entry point through which DJL may load the
     * engine itself (a {@code Criteria}) calls it first.
     */
    public static synchronized void quiet() {
        if (done) {
            return;
        }
        done = true;
        System.getProperties().putIfAbsent(SIMPLE_PROPERTY, "error");
        Logger logger = LoggerFactory.getLogger(LOGGER);
        String binding = logger.getClass().getName();
        if (binding.equals("org.slf4j.jul.JDK14LoggerAdapter")) {
            julLogger = java.util.logging.Logger.getLogger(LOGGER);
            if (julLogger.getLevel() == null) {
                julLogger.setLevel(java.util.logging.Level.SEVERE);
            }
        } else if (binding.equals("ch.qos.logback.classic.Logger")) {
            setLogbackLevel(logger);
        } else if (binding.startsWith("org.apache.logging.slf4j.") && logger.isWarnEnabled()) {
            setLog4jLevel();
        }
    }

    private static void setLogbackLevel(Logger logger) {
        try {
            if (logger.getClass().getMethod("getLevel").invoke(logger) == null) {
                Class<?> level = Class.forName(
                        "ch.qos.logback.classic.Level", true, logger.getClass().getClassLoader());
                logger.getClass()
                        .getMethod("setLevel", level)
                        .invoke(logger, level.getField("ERROR").get(null));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another Logback than expected: its warnings are only noise
        }
    }

    private static void setLog4jLevel() {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> level = Class.forName("org.apache.logging.log4j.Level", true, loader);
            Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator", true, loader);
            configurator
                    .getMethod("setLevel", String.class, level)
                    .invoke(null, LOGGER, level.getField("ERROR").get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // log4j-api without log4j-core, or another version: its warnings are only noise
        }
    }
}

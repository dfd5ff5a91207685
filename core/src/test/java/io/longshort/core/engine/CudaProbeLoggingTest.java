package io.longshort.core.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's CUDA probe logs at ERROR only once longshort has quieted it (here with slf4j-simple, the
 * binding of the tests; {@code JavaApiTest} checks a whole training run in a JVM of its own).
 */
class CudaProbeLoggingTest {

    @Test
    void theProbesLoggerKeepsErrorsAndDropsWarnings() {
        CudaProbeLogging.quiet();
        Logger probe = LoggerFactory.getLogger(CudaProbeLogging.LOGGER);
        assertFalse(probe.isWarnEnabled(), probe.getClass().getName());
        assertTrue(probe.isErrorEnabled());
    }
}

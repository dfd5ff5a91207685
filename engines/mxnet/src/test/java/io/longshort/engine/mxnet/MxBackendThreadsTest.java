package io.longshort.engine.mxnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MxBackendThreadsTest {

    @Test
    void mxnetGetsOneThreadPerProcessor() {
        assertEquals(Optional.of("2"), MxBackend.ompThreads(Map.<String, String>of()::get, 2));
        assertEquals(Optional.of("16"), MxBackend.ompThreads(Map.of("PATH", "/bin")::get, 16));
    }

    @Test
    void theUsersThreadSettingsWin() {
        assertEquals(Optional.empty(), MxBackend.ompThreads(Map.of("MXNET_OMP_MAX_THREADS", "1")::get, 2));
        assertEquals(Optional.empty(), MxBackend.ompThreads(Map.of("OMP_NUM_THREADS", "3")::get, 2));
    }

    @Test
    void atLeastOneThread() {
        assertEquals(Optional.of("1"), MxBackend.ompThreads(Map.<String, String>of()::get, 0));
    }
}

package io.longshort.engine.mxnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {

    private static String cpu(String vendor, String family, String flags) {
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family
                + "\nmodel\t\t: 1\nflags\t\t: " + flags + "\n\nprocessor\t: 1\nvendor_id\t: GenuineIntel\n"
                + "cpu family\t: 6\nflags\t\t: sse2\n";
    }

    @Test
    void zen3AndLaterGetTheZenKernels() {
        assertEquals(Optional.of("Zen"), OpenBlasCore.forCpuinfo(cpu("AuthenticAMD", "25", "fpu sse2 avx avx2 fma")));
        assertEquals(Optional.of("Zen"), OpenBlasCore.forCpuinfo(cpu("AuthenticAMD", "26", "avx2 fma avx512f")));
    }

    @Test
    void cpusOpenBlasKnowsAreLeftToIt() {
        // Zen 1 and 2 (family 23) are known to OpenBLAS 0.3.7; Intel is detected by model
        assertEquals(Optional.empty(), OpenBlasCore.forCpuinfo(cpu("AuthenticAMD", "23", "avx2 fma")));
        assertEquals(Optional.empty(), OpenBlasCore.forCpuinfo(cpu("GenuineIntel", "6", "avx2 fma")));
    }

    @Test
    void withoutAvx2OrFmaTheZenKernelsWouldNotRun() {
        assertEquals(Optional.empty(), OpenBlasCore.forCpuinfo(cpu("AuthenticAMD", "25", "sse2 avx fma")));
        assertEquals(Optional.empty(), OpenBlasCore.forCpuinfo(cpu("AuthenticAMD", "25", "sse2 avx avx2")));
    }

    @Test
    void unreadableTextGivesNothing() {
        assertEquals(Optional.empty(), OpenBlasCore.forCpuinfo(""));
        assertEquals(
                Optional.empty(), OpenBlasCore.forCpuinfo("vendor_id: AuthenticAMD\ncpu family: x\nflags: avx2 fma\n"));
    }

    @Test
    void onlyTheFirstProcessorCounts() {
        String text = "vendor_id\t: GenuineIntel\ncpu family\t: 6\nflags\t\t: avx2 fma\n\n"
                + cpu("AuthenticAMD", "25", "avx2 fma");
        assertEquals(Optional.empty(), OpenBlasCore.forCpuinfo(text));
    }
}

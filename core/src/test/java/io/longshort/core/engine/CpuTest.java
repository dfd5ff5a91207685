package io.longshort.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The processor description that the LSTM self-check's warning names. */
class CpuTest {

    private static final String ZEN5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n"
            + "model\t\t: 2\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx512f\n\nprocessor\t: 1\n"
            + "vendor_id\t: Other\nmodel name\t: Second\n";

    @Test
    void namesTheFirstProcessorsModelVendorFamilyAndModel() {
        assertEquals("AMD EPYC (AuthenticAMD family 26 model 2)", Cpu.describe(ZEN5, "amd64"));
    }

    @Test
    void fallsBackToTheNameAloneOrTheArchitecture() {
        assertEquals("Some CPU", Cpu.describe("model name : Some CPU\n", "amd64"));
        assertEquals("aarch64", Cpu.describe("processor : 0\nBogoMIPS : 50\n", "aarch64"));
        assertEquals("aarch64", Cpu.describe("", "aarch64"));
    }

    @Test
    void describesThisMachine() {
        assertFalse(Cpu.description().isBlank());
    }
}

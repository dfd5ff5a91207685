package io.longshort.engine.mxnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the OpenBLAS kernel set for CPUs that MXNet's bundled OpenBLAS does not recognise.
 *
 * <p>DJL's MXNet 1.9.1 native jar ships OpenBLAS 0.3.7, which predates AMD's Zen 3 and Zen 4
 * (CPU family 25 and later). On those CPUs it falls back to its "Barcelona" kernels (SSE, no AVX),
 * several times slower at matrix products than its "Zen" kernels (BENCHMARKS.md). Zen 3 and 4 run
 * the "Zen" kernels (AVX2 and FMA) correctly, so for them this class answers {@code Zen}; for every
 * other CPU it answers nothing and OpenBLAS detects the CPU itself.
 */
final class OpenBlasCore {

    /** The first AMD CPU family that OpenBLAS 0.3.7 does not recognise (Zen 3). */
    private static final int FIRST_UNKNOWN_AMD_FAMILY = 25;

    private OpenBlasCore() {}

    /**
     * Returns the kernel set to ask OpenBLAS for on this machine, read from {@code /proc/cpuinfo}.
     *
     * @return the {@code OPENBLAS_CORETYPE} value, or empty where OpenBLAS detects the CPU itself
     *     (or the file cannot be read, as on macOS and Windows)
     */
    static Optional<String> forThisMachine() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try {
            return forCpuinfo(Files.readString(cpuinfo, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the kernel set for the first processor described in a {@code /proc/cpuinfo} text:
     * {@code Zen} for an AMD CPU of family 25 or later with AVX2 and FMA, else empty.
     *
     * @param cpuinfo the text of {@code /proc/cpuinfo}
     * @return the {@code OPENBLAS_CORETYPE} value, or empty
     */
    static Optional<String> forCpuinfo(String cpuinfo) {
        String vendor = null;
        Integer family = null;
        Set<String> flags = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank() && vendor != null) {
                break; // the end of the first processor's block
            }
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = parseOrNull(value);
                case "flags" -> flags = new HashSet<>(Arrays.asList(value.split("\\s+")));
                default -> {}
            }
        }
        boolean zen3OrLater = "AuthenticAMD".equals(vendor)
                && family != null
                && family >= FIRST_UNKNOWN_AMD_FAMILY
                && flags != null
                && flags.contains("avx2")
                && flags.contains("fma");
        return zen3OrLater ? Optional.of("Zen") : Optional.empty();
    }

    private static Integer parseOrNull(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.longshort.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A one-line description of this machine's processor, for messages that depend on it: the model
 * name, vendor, family and model from {@code /proc/cpuinfo} where it exists, else the JVM's
 * architecture.
 */
public final class Cpu {

    private static final String DESCRIPTION = describe(Path.of("/proc/cpuinfo"));

    private Cpu() {}

    /**
     * Returns the description of this machine's processor, such as {@code "AMD EPYC (AuthenticAMD
     * family 26 model 2)"}.
     *
     * @return the description
     */
    public static String description() {
        return DESCRIPTION;
    }

    static String describe(Path cpuinfo) {
        String arch = System.getProperty("os.arch");
        if (!Files.isReadable(cpuinfo)) {
            return arch;
        }
        try {
            return describe(Files.readString(cpuinfo, StandardCharsets.UTF_8), arch);
        } catch (IOException | RuntimeException e) {
            return arch;
        }
    }

    /**
     * Describes the first processor of a {@code /proc/cpuinfo} text.
     *
     * @param cpuinfo the text
     * @param fallback what to return when the text names no model
     * @return the description
     */
    static String describe(String cpuinfo, String fallback) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        String name = first.get("model name");
        if (name == null) {
            return fallback;
        }
        String vendor = first.get("vendor_id");
        String family = first.get("cpu family");
        String model = first.get("model");
        if (vendor == null || family == null || model == null) {
            return name;
        }
        return name + " (" + vendor + " family " + family + " model " + model + ")";
    }
}

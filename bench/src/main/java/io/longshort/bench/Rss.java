package io.longshort.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from {@code /proc/self/status} (Linux), in KiB; -1 elsewhere. */
final class Rss {

    private Rss() {}

    /**
     * Returns a field of {@code /proc/self/status} in KiB.
     *
     * @param field {@code VmRSS} (now) or {@code VmHWM} (peak)
     * @return the value in KiB, or -1 where it cannot be read
     */
    static long kib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(
                            line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

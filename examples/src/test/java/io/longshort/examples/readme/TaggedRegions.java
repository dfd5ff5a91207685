package io.longshort.examples.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The regions of the example sources marked for the README: the lines between {@code //
 * tag::NAME[]} and {@code // end::NAME[]}, without the indentation they share.
 */
final class TaggedRegions {

    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([\\w-]+)\\[]\\s*$");

    private TaggedRegions() {}

    /**
     * Returns the regions of every source file under the folders, by name.
     *
     * @param roots source folders
     * @return each region's text (lines ended by a line feed), by name
     * @throws IllegalStateException if a region is not closed, is closed under another name, or a
     *     name is used twice
     */
    static Map<String, String> in(Path... roots) {
        Map<String, String> regions = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    read(file, regions);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return regions;
    }

    private static void read(Path file, Map<String, String> regions) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String open = null;
        List<String> body = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TAG.matcher(lines.get(i));
            if (!m.matches()) {
                if (open != null) {
                    body.add(lines.get(i));
                }
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            if (m.group(1).equals("tag")) {
                if (open != null) {
                    throw new IllegalStateException(where + "tag::" + m.group(2) + " inside region " + open);
                }
                open = m.group(2);
                body.clear();
            } else {
                if (!m.group(2).equals(open)) {
                    throw new IllegalStateException(where + "end::" + m.group(2) + " does not close " + open);
                }
                if (regions.put(open, dedent(body)) != null) {
                    throw new IllegalStateException(where + "a second region named " + open);
                }
                open = null;
            }
        }
        if (open != null) {
            throw new IllegalStateException(file + ": region " + open + " is never closed");
        }
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return b.toString();
    }
}

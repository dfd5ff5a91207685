package io.longshort.examples.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of the README, which the README tests run or compare. */
final class Readme {

    /** The README, from the examples module's folder (where surefire runs). */
    static final Path FILE = Path.of("../README.md");

    private static final String FENCE = "```";

    /**
     * One fenced block.
     *
     * @param language the word after the opening fence ({@code java}, {@code bash}), or empty
     * @param line the README line of the opening fence, counted from 1
     * @param lines the lines inside the fences
     */
    record Block(String language, int line, List<String> lines) {

        /** Returns the block's text: its lines, each ended by a line feed. */
        String text() {
            StringBuilder b = new StringBuilder();
            lines.forEach(l -> b.append(l).append('\n'));
            return b.toString();
        }
    }

    private Readme() {}

    /**
     * Returns the README's fenced blocks of one language, in order.
     *
     * @param language the language, such as {@code bash}
     * @return the blocks
     */
    static List<Block> blocks(String language) {
        return blocks().stream().filter(b -> b.language().equals(language)).toList();
    }

    /**
     * Returns the README's fenced blocks, in order.
     *
     * @return the blocks
     * @throws IllegalStateException if a block is not closed
     */
    static List<Block> blocks() {
        List<String> lines;
        try {
            lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(FENCE)) {
                continue;
            }
            int open = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).startsWith(FENCE); i++) {
                body.add(lines.get(i));
            }
            if (i == lines.size()) {
                throw new IllegalStateException(FILE + " line " + (open + 1) + ": the block is never closed");
            }
            blocks.add(new Block(lines.get(open).substring(FENCE.length()).strip(), open + 1, body));
        }
        return blocks;
    }
}

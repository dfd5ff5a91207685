package io.longshort.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.longshort.examples.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the command line in-process and captures what it prints. */
final class CliTestSupport {

    private CliTestSupport() {}

    /** The outcome of one command. */
    record Run(int code, String out, String err) {
        JsonObject json() {
            String[] lines = out.strip().split("\\R");
            return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Returns the folder of the real PTB files: $LONGSHORT_PTB_DIR, else ../shared/data/ptb
     * beside the repository, or null.
     */
    static Path ptbDir() {
        String env = System.getenv("LONGSHORT_PTB_DIR");
        List<Path> candidates = env != null && !env.isBlank()
                ? List.of(Path.of(env))
                : List.of(Path.of("../../shared/data/ptb"), Path.of("../shared/data/ptb"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("ptb.valid.txt")) && Files.isRegularFile(p.resolve("ptb.test.txt"))) {
                return p;
            }
        }
        return null;
    }

    /** A PTB-format folder made from the real files: valid as train, test as valid and test. */
    static Path ptbFolder(Path ptb, Path tmp) throws java.io.IOException {
        Path dir = Files.createDirectories(tmp.resolve("ptb-from-shared"));
        Files.copy(ptb.resolve("ptb.valid.txt"), dir.resolve("ptb.train.txt"));
        Files.copy(ptb.resolve("ptb.test.txt"), dir.resolve("ptb.valid.txt"));
        Files.copy(ptb.resolve("ptb.test.txt"), dir.resolve("ptb.test.txt"));
        return dir;
    }
}

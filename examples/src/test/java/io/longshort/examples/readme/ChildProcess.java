package io.longshort.examples.readme;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program in a working folder of its own, as a user would from that folder: the README's
 * commands and snippets name relative paths ({@code runs/demo}, {@code text.txt}).
 */
final class ChildProcess {

    /** Generous for 2 busy cores; a command that takes longer is hanging. */
    private static final long TIMEOUT_MINUTES = 10;

    /**
     * What a program printed and its exit code.
     *
     * @param command the command, for messages
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    record Result(String command, int code, String out, String err) {

        /** Returns a description for an assertion message. */
        String describe() {
            return command + " exited with " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    private ChildProcess() {}

    /**
     * Returns the command that runs a class's {@code main} in a fresh JVM of this test's class
     * path, offline, with the JVM options of {@code examples/bin/longshort}.
     *
     * @param mainClass the class
     * @return the command
     */
    static List<String> java(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launcherJvmOptions());
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    /** The JVM options the launcher passes, from {@code examples/bin/jvm.options}. */
    private static List<String> launcherJvmOptions() {
        try {
            return Files.readAllLines(Path.of("bin", "jvm.options"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .flatMap(l -> List.of(l.strip().split("\\s+")).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command to its end (failing the test after {@value #TIMEOUT_MINUTES} minutes).
     *
     * @param dir the working folder
     * @param name what to call the command in messages
     * @param command the program and its arguments
     * @return what it printed and its exit code
     */
    static Result run(Path dir, String name, List<String> command) {
        try {
            Path out = Files.createTempFile("readme-out-", ".txt");
            Path err = Files.createTempFile("readme-err-", ".txt");
            try {
                Process p = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    fail(name + " still running after " + TIMEOUT_MINUTES + " minutes");
                }
                return new Result(
                        name,
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.longshort.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a JVM that runs on this one's Java and class path, offline. */
final class JavaCommand {

    private JavaCommand() {}

    /**
     * Builds the command.
     *
     * @param jvmOptions options for the new JVM, before its main class
     * @param mainClass the class to run
     * @param args its arguments
     * @return the command, ready for a {@link ProcessBuilder}
     */
    static List<String> of(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        return cmd;
    }
}

package io.longshort.cli;

import io.longshort.core.engine.Backends;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            description = "Engine: pytorch or mxnet (default: -Dlongshort.engine, LONGSHORT_ENGINE,"
                    + " longshort.properties, else the only one present).")
    String engine;

    @Option(names = "--json", description = "End standard output with one line of JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    /**
     * Returns the engine named with {@code --engine}, or null.
     *
     * @throws io.longshort.core.LongshortException naming {@code --engine} and the engines present if no plugin has it
     */
    String engine() {
        return engine == null ? null : Backends.checkName(engine, "pass one of them with --engine");
    }

    /**
     * Returns the engine to use: {@code --engine}, else the fallback, else the configuration;
     * when none can be chosen the message tells the user to pass {@code --engine}.
     *
     * @param fallback the engine a file names (a config, a run), or null
     * @return the engine name
     */
    String resolveEngine(String fallback) {
        String named = engine();
        return resolve(named != null ? named : fallback);
    }

    /**
     * Resolves an engine name as the command line does, with messages that name {@code --engine}.
     *
     * @param name the engine name, or null for the configuration
     * @return the engine name
     */
    static String resolve(String name) {
        return Backends.resolveName(name, CHOICE);
    }

    /** How a user of the command line names the engine, as messages tell it. */
    static final String CHOICE = "with --engine NAME (or -D" + Backends.PROPERTY + "=NAME in LONGSHORT_JAVA_OPTS)";
}

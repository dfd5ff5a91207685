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
}

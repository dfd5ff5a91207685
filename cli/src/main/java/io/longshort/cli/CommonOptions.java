package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.engine.Backends;
import java.util.ArrayList;
import java.util.Locale;
import java.util.TreeSet;
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
     * @throws LongshortException naming {@code --engine} and the engines present if no plugin has it
     */
    String engine() {
        if (engine != null && !Backends.available().contains(engine.trim().toLowerCase(Locale.ROOT))) {
            throw new LongshortException("Unknown engine '" + engine + "': available engines are "
                    + new ArrayList<>(new TreeSet<>(Backends.available())) + "; pass one of them with --engine.");
        }
        return engine;
    }
}

package io.longshort.cli;

import io.longshort.core.LongshortException;
import io.longshort.core.data.DataSource;
import io.longshort.core.data.builtin.BuiltinCorpus;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.Experiment;
import io.longshort.core.spec.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code longshort config}: print a preset as a JSON file to start from, with the keys {@code
 * engine}, {@code model}, {@code training} and {@code data}; {@code longshort train --config FILE}
 * trains what such a file describes.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Print a preset as a JSON config file (engine, model, training, data) to edit and"
                + " train with `longshort train --config FILE`.")
final class ConfigCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            defaultValue = "small",
            description = "small, medium, large, tutorial, tiny or demo (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            description = "The engine the file names (default: the one configuration selects now).")
    String engine;

    @Option(names = "--data", paramLabel = "DIR", description = "A PTB-format folder (default: the built-in corpus).")
    Path data;

    @Option(names = "--corpus-seed", paramLabel = "N", description = "Seed of the built-in corpus (default: 42).")
    Long corpusSeed;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the file here instead of standard output.")
    Path out;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        if (data != null && corpusSeed != null) {
            throw new LongshortException("--corpus-seed is " + corpusSeed
                    + " with --data: the seed is for the built-in corpus; drop one of them.");
        }
        DataSource source = data != null
                ? DataSource.ptb(data)
                : DataSource.builtin(corpusSeed != null ? corpusSeed : BuiltinCorpus.DEFAULT_SEED);
        String name = engine != null ? Backends.checkName(engine, "pass one of them with --engine") : configured();
        Experiment experiment =
                Experiment.of(Presets.get(preset)).withData(source).withEngine(name);
        if (out != null) {
            experiment.write(out);
            spec.commandLine().getErr().println("longshort: wrote " + out);
            spec.commandLine().getErr().flush();
        } else {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(experiment.toJson());
            stdout.flush();
        }
        return 0;
    }

    /** The engine configuration selects now, or null (left to configuration) if none can be chosen. */
    private static String configured() {
        try {
            return CommonOptions.resolve(null);
        } catch (LongshortException e) {
            return null;
        }
    }
}

package io.longshort.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code longshort demo}: the main job, on the built-in corpus, in a few minutes. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train the demo preset on the built-in corpus, compare with the oracle floor"
                + " and a trigram model, and print one window of true and predicted words.")
final class DemoCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the demo preset's).")
    Integer epochs;

    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N windows in all.")
    Long maxSteps;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 42).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Model folder (default: runs/demo-ENGINE-TIME).")
    Path out;

    @Option(names = "--overwrite", description = "Replace a model already in --out.")
    boolean overwrite;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        TrainRun run = new TrainRun();
        run.preset = "demo";
        run.epochs = epochs;
        run.maxSteps = maxSteps;
        run.seed = seed;
        run.out = out;
        run.overwrite = overwrite;
        run.common = common;
        return run.run(spec.commandLine().getOut());
    }
}

package io.longshort.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code longshort train}: train a preset on a PTB-format folder or the built-in corpus, or what a
 * JSON file written by {@code longshort config} describes.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a preset on a PTB-format folder (or the built-in corpus), or what a JSON"
                + " config file describes (engine, model, training, data), then test it.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Folder with ptb.train.txt, ptb.valid.txt, ptb.test.txt (default: the built-in corpus).")
    Path data;

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            description = "small, medium, large, tutorial, tiny or demo (default: small).")
    String preset;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A JSON file with the keys engine, model, training and data, as `longshort config`"
                    + " prints; --engine, --epochs, --max-steps, --seed and --out still apply.")
    Path config;

    @Option(names = "--corpus-seed", paramLabel = "N", description = "Seed of the built-in corpus (default: 42).")
    Long corpusSeed;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Continue the run whose --out was DIR from its newest valid checkpoint, with the"
                    + " settings it was started with; a finished run reports its results.")
    Path resume;

    @Mixin
    RunOptions options;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        TrainRun run = new TrainRun();
        run.config = config;
        run.data = data;
        run.preset = preset;
        run.corpusSeed = corpusSeed;
        run.resume = resume;
        run.options = options;
        run.common = common;
        return run.run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

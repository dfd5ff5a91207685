package io.longshort.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code longshort demo}: the main job, on the built-in corpus, in a few minutes. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Train the demo preset on the built-in corpus, compare with the oracle floor"
                + " and a trigram model, and print one window of true and predicted words.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions options;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        TrainRun run = new TrainRun();
        run.preset = "demo";
        run.options = options;
        run.common = common;
        return run.run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

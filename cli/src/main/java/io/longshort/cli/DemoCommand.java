package io.longshort.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code longshort demo}: the main job, on the built-in corpus, in a few minutes. Without {@code
 * --out} the model goes to {@code runs/demo-ENGINE-TIME} and the link {@code runs/demo} points at
 * the newest one, the folder the README's model commands name.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Train the demo preset on the built-in corpus, compare with the oracle floor"
                + " and a trigram model, and print one window of true and predicted words. Without --out,"
                + " the model goes to runs/demo-ENGINE-TIME and runs/demo links to the newest one.")
final class DemoCommand implements Callable<Integer> {

    /** The stable name of the newest demo model. */
    static final Path LATEST = Path.of("runs", "demo");

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
        run.latestLink = options.out == null ? LATEST : null;
        return run.run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

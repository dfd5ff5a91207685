package io.longshort.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every training command takes ({@code demo} and {@code train}). */
final class RunOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the preset's).")
    Integer epochs;

    @Option(
            names = "--max-steps",
            paramLabel = "N",
            description = "Stop after N windows in all, then evaluate as at the end.")
    Long maxSteps;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 42).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Model folder (default: runs/NAME-ENGINE-TIME).")
    Path out;

    @Option(names = "--overwrite", description = "Replace a model already in --out.")
    boolean overwrite;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "N",
            description = "Also checkpoint every N windows within an epoch (default: 0, epoch ends only).")
    int checkpointEvery;

    @Option(
            names = "--checkpoint-minutes",
            paramLabel = "M",
            description = "Also checkpoint whenever M minutes have passed since the last checkpoint"
                    + " (default: 10; 0 for none by time).")
    double checkpointMinutes = RunFile.DEFAULT_CHECKPOINT_MINUTES;

    @Option(
            names = "--keep-checkpoints",
            paramLabel = "K",
            description = "Keep the newest K checkpoints, plus the best by validation perplexity (default: 3).")
    int keepCheckpoints = 3;
}

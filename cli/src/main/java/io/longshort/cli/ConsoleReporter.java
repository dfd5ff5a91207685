package io.longshort.cli;

import io.longshort.core.eval.Evaluation;
import io.longshort.core.train.EpochReport;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import io.longshort.core.train.TrainingPosition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Prints training and evaluation progress. On an interactive terminal ({@code System.console()}
 * is there) a progress bar ({@code me.tongfei.progressbar}) with the epoch's elapsed time, the
 * ETA of the whole run (every epoch, or the step budget) and live perplexity is redrawn in place,
 * {@code epoch 1/13  45% [=====>    ] 123/274 (0:00:51 / 0:25:02) perplexity 234.50  5012 wps},
 * and a line is left after each epoch; otherwise (CI logs, pipes,
 * files) plain lines are printed as the tutorial does: one every tenth of an epoch, one per epoch,
 * and one every ten seconds while testing. Close it to erase a bar left open by a failure.
 */
final class ConsoleReporter implements TrainingListener, AutoCloseable {

    private static final long TEST_LINE_NANOS = 10_000_000_000L;
    private static final int REDRAW_MILLIS = 100;

    private final PrintWriter out;
    private final boolean interactive;
    private final int width;
    private ProgressBar bar;
    private WriterConsumer barLine;
    private String barTask;
    private long lastEvalPrint;
    private long stepBudget;
    private int epochs;
    /** The windows of the run still to train after the bar's current one; read by the bar's thread. */
    private volatile long runRemaining;
    /** The windows trained so far in the epoch in progress, and the windows of an epoch. */
    private int epochWindowsDone;

    private int windowsPerEpoch;

    /**
     * Creates a reporter that draws a progress bar, as wide as the terminal, when the console is
     * interactive.
     *
     * @param out where to print
     */
    ConsoleReporter(PrintWriter out) {
        this(out, System.console() != null, 0);
    }

    /**
     * Creates a reporter.
     *
     * @param out where to print
     * @param interactive whether to draw a progress bar instead of plain periodic lines
     * @param width the most columns the bar takes, 0 for the terminal's width
     */
    ConsoleReporter(PrintWriter out, boolean interactive, int width) {
        this.out = out;
        this.interactive = interactive;
        this.width = width;
    }

    /**
     * Sets the run's length, so that the bar's ETA covers the whole run and the bar of the last
     * epoch ends where training will.
     *
     * @param epochs the epochs of the plan, 0 if unknown (the ETA then covers the epoch)
     * @param maxSteps the most windows trained in all, 0 for no limit
     * @return this reporter
     */
    ConsoleReporter optRun(int epochs, long maxSteps) {
        this.epochs = epochs;
        this.stepBudget = maxSteps;
        return this;
    }

    @Override
    public void onResume(TrainingPosition from, Path checkpoint) {
        epochWindowsDone = from.window();
        windowsPerEpoch = from.windowsPerEpoch();
        out.println(
                checkpoint != null
                        ? "longshort: resuming from the checkpoint at " + from.describe() + " in " + checkpoint
                        : "longshort: no checkpoint yet: starting the run from the beginning");
        out.flush();
    }

    @Override
    public void onStep(StepReport r) {
        epochWindowsDone = r.window() + 1;
        windowsPerEpoch = r.windowsPerEpoch();
        if (!interactive) {
            return;
        }
        long total = r.windowsPerEpoch();
        long runWindows = runWindows(r.windowsPerEpoch(), epochs, stepBudget);
        if (stepBudget > 0) {
            total = Math.min(total, r.window() + 1 + stepBudget - r.step());
        }
        runRemaining = runWindows > 0 ? Math.max(0, runWindows - r.step()) : total - (r.window() + 1);
        String task = "epoch " + (r.epoch() + 1);
        if (runWindows > 0) {
            task += "/" + (runWindows + r.windowsPerEpoch() - 1) / r.windowsPerEpoch();
        }
        show(
                task,
                r.window() + 1,
                total,
                String.format(Locale.ROOT, "perplexity %.2f  %.0f wps", r.perplexity(), r.wordsPerSecond()));
    }

    /**
     * Returns the windows of a whole run: every epoch's, or the step budget if that is fewer.
     *
     * @param windowsPerEpoch the windows of an epoch
     * @param epochs the epochs, 0 if unknown
     * @param stepBudget the step budget, 0 for none
     * @return the windows, or 0 if the epochs are unknown and there is no budget
     */
    static long runWindows(int windowsPerEpoch, int epochs, long stepBudget) {
        long all = (long) epochs * windowsPerEpoch;
        if (stepBudget > 0) {
            return all > 0 ? Math.min(all, stepBudget) : stepBudget;
        }
        return all;
    }

    /**
     * Returns the time the rest of the run takes at the pace of the bar so far.
     *
     * @param elapsed the time since the bar started
     * @param done the windows trained since the bar started
     * @param remaining the windows of the run still to train
     * @return the ETA, or empty before the first window
     */
    static Optional<Duration> runEta(Duration elapsed, long done, long remaining) {
        if (done <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) ((double) elapsed.toNanos() / done * remaining)));
    }

    @Override
    public void onLog(StepReport r) {
        if (interactive) {
            return;
        }
        out.println(r.line());
        out.flush();
    }

    @Override
    public void onEpoch(EpochReport r) {
        close();
        // a step budget can end the run inside an epoch
        String what = epochWindowsDone > 0 && epochWindowsDone < windowsPerEpoch
                ? String.format(Locale.ROOT, "stopped after %,d windows of epoch %d", epochWindowsDone, r.epoch() + 1)
                : "epoch " + (r.epoch() + 1) + " done";
        epochWindowsDone = 0;
        out.println(String.format(
                Locale.ROOT,
                "%s: learning rate %.4g, train perplexity %.2f, valid perplexity %.2f, %.0f wps",
                what,
                r.learningRate(),
                r.trainPerplexity(),
                r.validPerplexity(),
                r.wordsPerSecond()));
        out.flush();
    }

    @Override
    public void onEvaluationProgress(String split, int done, int total, double perplexity) {
        if (interactive) {
            if (done == 1) {
                close(); // a new pass over the split
            }
            show(split, done, total, String.format(Locale.ROOT, "perplexity %.2f", perplexity));
            if (done == total) {
                close();
            }
            return;
        }
        long now = System.nanoTime();
        if (split.equals("test") && (now - lastEvalPrint > TEST_LINE_NANOS || done == total)) {
            lastEvalPrint = now;
            out.println(
                    String.format(Locale.ROOT, "testing  %5.1f%%  perplexity %.2f", 100.0 * done / total, perplexity));
            out.flush();
        }
    }

    @Override
    public void onTest(Evaluation test) {
        // printed by the command with the summary
    }

    /**
     * Moves the bar of a task, starting one (and ending the previous one) when the task changes.
     * A bar's rate, and so its ETA, counts from the work done when it starts: a resumed epoch
     * does not count the windows trained before.
     */
    private void show(String task, long done, long total, String extra) {
        if (bar == null || !task.equals(barTask)) {
            close();
            barLine = new WriterConsumer(out, width);
            ProgressBarBuilder builder = new ProgressBarBuilder();
            if (task.startsWith("epoch ")) {
                builder.setEtaFunction(state ->
                        runEta(state.getElapsedAfterStart(), state.getCurrent() - state.getStart(), runRemaining));
            }
            bar = builder.setTaskName(task)
                    .setInitialMax(total)
                    .startsFrom(done, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(REDRAW_MILLIS)
                    .setConsumer(barLine)
                    .clearDisplayOnFinish()
                    .build();
            barTask = task;
        }
        bar.maxHint(total);
        bar.setExtraMessage(extra);
        bar.stepTo(done);
    }

    /** Draws the open bar in its final state and erases it, leaving the cursor on an empty line. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            // the library leaves a bar on screen when it closes before its first scheduled redraw
            barLine.clear();
            bar = null;
            barLine = null;
            barTask = null;
        }
    }

    /**
     * Draws a bar on one line of the command's writer, redrawn in place with a carriage return.
     * It is the library's console consumer for the width alone (the terminal's, found by the
     * library, when none is given); the text goes to the writer, which the command owns.
     */
    private static final class WriterConsumer extends ConsoleProgressBarConsumer {

        private final PrintWriter writer;
        private int lastLength;

        WriterConsumer(PrintWriter writer, int width) {
            super(System.out, width);
            this.writer = writer;
        }

        @Override
        public synchronized void accept(String line) {
            String text = line.length() > getMaxRenderedLength() ? line.substring(0, getMaxRenderedLength()) : line;
            writer.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
            writer.flush();
            lastLength = text.length();
        }

        @Override
        public synchronized void clear() {
            if (lastLength > 0) {
                writer.print("\r" + " ".repeat(lastLength) + "\r");
                writer.flush();
                lastLength = 0;
            }
        }

        @Override
        public void close() {
            // the writer stays open: the command prints its results after the bar
        }
    }
}

package io.longshort.cli;

import io.longshort.core.eval.Evaluation;
import io.longshort.core.train.EpochReport;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints training and evaluation progress. On an interactive terminal ({@code System.console()}
 * is there) a progress bar with ETA and live perplexity is redrawn in place, and a line is left
 * after each epoch; otherwise (CI logs, pipes, files) plain lines are printed as the tutorial
 * does: one every tenth of an epoch, one per epoch, and one every ten seconds while testing.
 */
final class ConsoleReporter implements TrainingListener {

    private static final long TEST_LINE_NANOS = 10_000_000_000L;

    private final PrintWriter out;
    private final boolean interactive;
    private final ProgressBar bar;
    private long lastEvalPrint;
    private int barEpoch = -1;
    private long stepBudget;

    /**
     * Creates a reporter that draws a progress bar when the console is interactive.
     *
     * @param out where to print
     */
    ConsoleReporter(PrintWriter out) {
        this(out, System.console() != null);
    }

    /**
     * Creates a reporter.
     *
     * @param out where to print
     * @param interactive whether to draw a progress bar instead of plain periodic lines
     */
    ConsoleReporter(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        this.bar = new ProgressBar(out);
    }

    /**
     * Sets the training's step budget, so that the bar of the last epoch ends where training will.
     *
     * @param maxSteps the most windows trained in all, 0 for no limit
     * @return this reporter
     */
    ConsoleReporter optStepBudget(long maxSteps) {
        this.stepBudget = maxSteps;
        return this;
    }

    @Override
    public void onStep(StepReport r) {
        if (!interactive) {
            return;
        }
        if (r.epoch() != barEpoch) {
            barEpoch = r.epoch();
            bar.start(0);
        }
        long total = r.windowsPerEpoch();
        if (stepBudget > 0) {
            total = Math.min(total, r.window() + 1 + stepBudget - r.step());
        }
        bar.show("epoch " + (r.epoch() + 1), r.window() + 1, total,
                String.format(Locale.ROOT, "perplexity %.2f  %.0f wps", r.perplexity(), r.wordsPerSecond()));
    }

    @Override
    public void onLog(StepReport r) {
        if (interactive) {
            return;
        }
        out.println(String.format(Locale.ROOT,
                "epoch %d  %5.1f%%  step %d  perplexity %.2f  accuracy %.3f  speed %.0f wps  lr %.4g",
                r.epoch() + 1, 100.0 * (r.window() + 1) / r.windowsPerEpoch(), r.step(),
                r.perplexity(), r.accuracy(), r.wordsPerSecond(), r.learningRate()));
        out.flush();
    }

    @Override
    public void onEpoch(EpochReport r) {
        bar.clear();
        out.println(String.format(Locale.ROOT,
                "epoch %d done: learning rate %.4g, train perplexity %.2f, valid perplexity %.2f, %.0f wps",
                r.epoch() + 1, r.learningRate(), r.trainPerplexity(), r.validPerplexity(), r.wordsPerSecond()));
        out.flush();
    }

    @Override
    public void onEvaluationProgress(String split, int done, int total, double perplexity) {
        if (interactive) {
            if (done == 1) {
                bar.start(1);
            }
            bar.show(split, done, total, String.format(Locale.ROOT, "perplexity %.2f", perplexity));
            if (done == total) {
                bar.clear();
            }
            return;
        }
        long now = System.nanoTime();
        if (split.equals("test") && (now - lastEvalPrint > TEST_LINE_NANOS || done == total)) {
            lastEvalPrint = now;
            out.println(String.format(Locale.ROOT, "testing  %5.1f%%  perplexity %.2f",
                    100.0 * done / total, perplexity));
            out.flush();
        }
    }

    @Override
    public void onTest(Evaluation test) {
        // printed by the command with the summary
    }
}

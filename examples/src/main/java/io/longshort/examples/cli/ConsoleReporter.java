package io.longshort.examples.cli;

import io.longshort.core.eval.Evaluation;
import io.longshort.core.train.EpochReport;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints training progress as the tutorial does: a line every tenth of an epoch. */
final class ConsoleReporter implements TrainingListener {

    private final PrintWriter out;
    private long lastEvalPrint;

    ConsoleReporter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onLog(StepReport r) {
        out.println(String.format(Locale.ROOT,
                "epoch %d  %5.1f%%  step %d  perplexity %.2f  accuracy %.3f  speed %.0f wps  lr %.4g",
                r.epoch() + 1, 100.0 * (r.window() + 1) / r.windowsPerEpoch(), r.step(),
                r.perplexity(), r.accuracy(), r.wordsPerSecond(), r.learningRate()));
        out.flush();
    }

    @Override
    public void onEpoch(EpochReport r) {
        out.println(String.format(Locale.ROOT,
                "epoch %d done: learning rate %.4g, train perplexity %.2f, valid perplexity %.2f, %.0f wps",
                r.epoch() + 1, r.learningRate(), r.trainPerplexity(), r.validPerplexity(), r.wordsPerSecond()));
        out.flush();
    }

    @Override
    public void onEvaluationProgress(String split, int done, int total, double perplexity) {
        long now = System.nanoTime();
        if (split.equals("test") && (now - lastEvalPrint > 10_000_000_000L || done == total)) {
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

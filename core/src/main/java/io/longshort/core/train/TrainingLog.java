package io.longshort.core.train;

import io.longshort.core.data.Corpus;
import io.longshort.core.data.SplitReport;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.TrainingPlan;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * Logs a run through SLF4J at INFO under the trainer's logger ({@code
 * io.longshort.core.train.LanguageModelTrainer}): the plan when it starts, a line per progress
 * report and per epoch, and the results. An application sees its progress with any SLF4J binding;
 * the command line prints its own and keeps this logger at WARN.
 */
final class TrainingLog implements TrainingListener {

    private final Logger log;

    TrainingLog(Logger log) {
        this.log = log;
    }

    /** Logs what is about to be trained, where, and for how long. */
    void start(String engine, Corpus corpus, ModelSpec spec, TrainingPlan plan, int windows, Path outDir) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String epochs = plan.epochs() + (plan.epochs() == 1 ? " epoch of " : " epochs of ") + windows + " windows";
        String length = plan.maxSteps() > 0 ? epochs + ", at most " + plan.maxSteps() + " windows in all" : epochs;
        log.info("training on {}: data {}, {}, model folder {}", engine, corpus, length, outDir);
        if (!corpus.splitReports().isEmpty()) {
            log.info(SplitReport.describe(corpus.splitReports()));
        }
        log.info("model {}", spec);
        log.info("plan {}", plan);
    }

    @Override
    public void onLog(StepReport r) {
        if (log.isInfoEnabled()) {
            log.info(r.line());
        }
    }

    @Override
    public void onEpoch(EpochReport r) {
        if (log.isInfoEnabled()) {
            log.info(String.format(
                    Locale.ROOT,
                    "epoch %d done: learning rate %.4g, train perplexity %.2f, valid perplexity %.2f, %.0f wps",
                    r.epoch() + 1,
                    r.learningRate(),
                    r.trainPerplexity(),
                    r.validPerplexity(),
                    r.wordsPerSecond()));
        }
    }

    /** Logs the results and where the model is. */
    void finish(TrainingResult r) {
        if (log.isInfoEnabled()) {
            log.info(String.format(
                    Locale.ROOT,
                    "done: %d windows, train perplexity %.2f, valid perplexity %.2f, test perplexity %.2f,"
                            + " test accuracy %.3f, %.0f training words per second; model saved to %s",
                    r.steps(),
                    r.trainPerplexity(),
                    r.validPerplexity(),
                    r.test().perplexity(),
                    r.test().accuracy(),
                    r.trainWordsPerSecond(),
                    r.modelDir()));
        }
    }
}

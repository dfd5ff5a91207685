package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.train.EpochReport;
import io.longshort.core.train.StepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Progress output: a bar with ETA on a terminal, plain lines otherwise. */
class ConsoleReporterTest {

    private static String run(boolean interactive) {
        StringWriter text = new StringWriter();
        ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), interactive);
        for (int i = 0; i < 20; i++) {
            StepReport step = new StepReport(0, i, 20, i + 1, 300 - i, 0.1, 5000, 1.0);
            r.onStep(step);
            if ((i + 1) % 2 == 0) {
                r.onLog(step);
            }
        }
        for (int i = 1; i <= 5; i++) {
            r.onEvaluationProgress("valid", i, 5, 200);
        }
        r.onEpoch(new EpochReport(0, 1.0, 280, 200, 5000));
        for (int i = 1; i <= 5; i++) {
            r.onEvaluationProgress("test", i, 5, 190);
        }
        return text.toString();
    }

    @Test
    void anInteractiveTerminalGetsAProgressBarWithEtaAndLivePerplexity() {
        String out = run(true);
        assertTrue(out.contains("\repoch 1 ["), out);
        assertTrue(out.contains("] 100% 20/20 ETA 0:00 perplexity 281.00"), out);
        assertTrue(out.contains("ETA "), out);
        assertTrue(out.contains("\rvalid ["), out);
        assertTrue(out.contains("\rtest ["), out);
        assertTrue(out.contains("epoch 1 done: learning rate 1.000, train perplexity 280.00, valid perplexity 200.00"),
                out);
        assertFalse(out.contains("step 2  perplexity"), "no periodic lines under a bar: " + out);
    }

    @Test
    void otherOutputGetsPlainPeriodicLines() {
        String out = run(false);
        assertFalse(out.contains("\r"), out);
        assertFalse(out.contains("ETA"), out);
        assertEquals(10, out.lines().filter(l -> l.startsWith("epoch 1 ") && l.contains("% ")).count(), out);
        assertTrue(out.contains("epoch 1 done:"), out);
        assertTrue(out.contains("testing  100.0%  perplexity 190.00"), out);
    }

    @Test
    void theBarOfABudgetedRunEndsWhereTrainingWill() {
        StringWriter text = new StringWriter();
        ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), true).optStepBudget(10);
        for (int i = 0; i < 10; i++) {
            r.onStep(new StepReport(0, i, 20, i + 1, 100, 0.1, 5000, 1.0));
        }
        assertTrue(text.toString().contains("] 100% 10/10 ETA 0:00"), text.toString());
    }

    @Test
    void durationsReadAsMinutesAndSeconds() {
        assertEquals("0:05", ProgressBar.duration(4.6));
        assertEquals("2:03", ProgressBar.duration(123));
        assertEquals("1:00:01", ProgressBar.duration(3601));
        assertEquals("--:--", ProgressBar.duration(Double.NaN));
    }
}

package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.train.EpochReport;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingPosition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Progress output: a bar with ETA on a terminal, plain lines otherwise. */
class ConsoleReporterTest {

    private static final int WIDTH = 120;

    private static String run(boolean interactive) {
        StringWriter text = new StringWriter();
        try (ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), interactive, WIDTH)) {
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
        }
        return text.toString();
    }

    /** A bar's final drawing: the task, 100%, a full bar, done/total, (elapsed / ETA 0), the extra text. */
    private static Pattern finished(String task, int total, String extra) {
        return Pattern.compile("\r" + task + " +100% \\[=+\\] " + total + "/" + total
                + " \\(\\d+:\\d\\d:\\d\\d / 0:00:00\\) " + Pattern.quote(extra));
    }

    @Test
    void anInteractiveTerminalGetsAProgressBarWithEtaAndLivePerplexity() {
        String out = run(true);
        assertTrue(
                finished("epoch 1", 20, "perplexity 281.00  5000 wps")
                        .matcher(out)
                        .find(),
                out);
        assertTrue(finished("valid", 5, "perplexity 200.00").matcher(out).find(), out);
        assertTrue(finished("test", 5, "perplexity 190.00").matcher(out).find(), out);
        assertTrue(
                out.contains("epoch 1 done: learning rate 1.000, train perplexity 280.00, valid perplexity 200.00"),
                out);
        assertFalse(out.contains("step 2  perplexity"), "no periodic lines under a bar: " + out);
        for (String line : out.split("\r")) {
            assertTrue(line.length() <= WIDTH, "at most " + WIDTH + " columns: " + line);
        }
    }

    @Test
    void otherOutputGetsPlainPeriodicLines() {
        String out = run(false);
        assertFalse(out.contains("\r"), out);
        assertFalse(out.contains("/ 0:00:00)"), out);
        assertEquals(
                10,
                out.lines()
                        .filter(l -> l.startsWith("epoch 1 ") && l.contains("% "))
                        .count(),
                out);
        assertTrue(out.contains("epoch 1 done:"), out);
        assertTrue(out.contains("testing  100.0%  perplexity 190.00"), out);
    }

    @Test
    void theBarOfABudgetedRunEndsWhereTrainingWill() {
        StringWriter text = new StringWriter();
        try (ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), true, WIDTH).optRun(3, 10)) {
            for (int i = 0; i < 10; i++) {
                r.onStep(new StepReport(0, i, 20, i + 1, 100, 0.1, 5000, 1.0));
            }
        }
        assertTrue(
                finished("epoch 1/1", 10, "perplexity 100.00  5000 wps")
                        .matcher(text.toString())
                        .find(),
                text.toString());
    }

    @Test
    void aFinishedBarIsErasedBeforeTheNextLine() {
        String out = run(true);
        int done = out.indexOf("epoch 1 done:");
        String before = out.substring(0, done);
        assertTrue(
                before.matches("(?s).*\r +\r"),
                "the bar is overwritten with blanks and the cursor" + " goes back to the start of the line: "
                        + before.substring(Math.max(0, before.length() - 200)));
        String last = before.substring(before.lastIndexOf('\r', before.length() - 2) + 1, before.length() - 1);
        assertTrue(last.length() >= "valid 100% [=] 5/5".length(), "as wide as the bar was: " + last.length());
    }

    @Test
    void anEpochCutShortByTheStepBudgetSaysHowFarItGot() {
        for (boolean interactive : new boolean[] {true, false}) {
            StringWriter text = new StringWriter();
            try (ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), interactive, WIDTH).optRun(3, 36)) {
                for (int i = 0; i < 36; i++) {
                    r.onStep(new StepReport(i / 20, i % 20, 20, i + 1, 100, 0.1, 5000, 1.0));
                    if (i == 19) {
                        r.onEpoch(new EpochReport(0, 1.0, 280, 200, 5000));
                    }
                }
                r.onEpoch(new EpochReport(1, 1.0, 250, 190, 5000));
            }
            String out = text.toString();
            assertTrue(out.contains("epoch 1 done: learning rate 1.000, train perplexity 280.00"), out);
            assertTrue(
                    out.contains("stopped after 16 windows of epoch 2: learning rate 1.000, train perplexity 250.00"),
                    out);
            assertFalse(out.contains("epoch 2 done"), out);
        }
    }

    @Test
    void aResumedRunSaysWhereItResumesFromAndCountsTheEpochsWindowsFromThere() {
        StringWriter text = new StringWriter();
        Path checkpoint = Path.of("runs", "x", "checkpoints", "step-00000000000000001234");
        try (ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), false, WIDTH).optRun(5, 1250)) {
            r.onResume(new TrainingPosition(2, 120, 557, 1234), checkpoint);
            r.onEpoch(new EpochReport(2, 1.0, 250, 190, 5000)); // the budget was spent before the stop
            r.onResume(new TrainingPosition(2, 0, 557, 1114), checkpoint);
            r.onResume(new TrainingPosition(0, 0, 557, 0), null);
        }
        String out = text.toString();
        assertTrue(
                out.contains("longshort: resuming from the checkpoint at epoch 3, window 120 of 557 (step 1,234) in "
                        + checkpoint + "\n"),
                out);
        assertTrue(out.contains("stopped after 120 windows of epoch 3: "), out);
        assertTrue(out.contains("longshort: resuming from the checkpoint at the end of epoch 2 (step 1,114) in "), out);
        assertTrue(out.contains("longshort: no checkpoint yet: starting the run from the beginning\n"), out);
    }

    @Test
    void theEtaCoversTheWholeRun() {
        // 3 epochs of 20 windows; the budget cuts the run when it is the smaller
        assertEquals(60, ConsoleReporter.runWindows(20, 3, 0));
        assertEquals(45, ConsoleReporter.runWindows(20, 3, 45));
        assertEquals(60, ConsoleReporter.runWindows(20, 3, 100));
        assertEquals(45, ConsoleReporter.runWindows(20, 0, 45));
        assertEquals(0, ConsoleReporter.runWindows(20, 0, 0));
        // 10 windows in 5 s since the bar started, 47 windows of the run to go
        assertEquals(Optional.of(Duration.ofMillis(23_500)), ConsoleReporter.runEta(Duration.ofSeconds(5), 10, 47));
        assertEquals(Optional.empty(), ConsoleReporter.runEta(Duration.ofSeconds(5), 0, 47));
    }

    @Test
    void theBarNamesTheEpochOfTheRunAndItsEtaCountsTheLaterEpochs() throws Exception {
        StringWriter text = new StringWriter();
        try (ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), true, WIDTH).optRun(3, 0)) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    Thread.sleep(400); // 0.4 s a window: the other two epochs take about 3.2 s
                }
                r.onStep(new StepReport(0, i, 4, i + 1, 100, 0.1, 5000, 1.0));
            }
        }
        Matcher m = Pattern.compile("\repoch 1/3 +100% \\[=+\\] 4/4 \\(\\d+:\\d\\d:\\d\\d / 0:00:0(\\d)\\)")
                .matcher(text.toString());
        assertTrue(m.find(), text.toString());
        int eta = Integer.parseInt(m.group(1));
        assertTrue(eta >= 2 && eta <= 6, "the ETA of the other two epochs, not 0: " + m.group());
    }
}

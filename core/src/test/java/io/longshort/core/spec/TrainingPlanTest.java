package io.longshort.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The learning-rate rule and every validation message of {@link TrainingPlan}. */
class TrainingPlanTest {

    private static final Layout B = Layout.BATCH_MAJOR;

    private static void assertMessage(String expected, Executable build) {
        LongshortException e = assertThrows(LongshortException.class, build);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void smallPresetKeepsRateOneForFourEpochsThenHalvesIt() {
        TrainingPlan plan = Presets.small().training();
        float[] expected = {1f, 1f, 1f, 1f, 0.5f, 0.25f};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], plan.learningRate(epoch), 1e-7f, "epoch " + epoch);
        }
        assertEquals((float) Math.pow(0.5, 9), plan.learningRate(12), 1e-9f, "last of 13 epochs");
    }

    @Test
    void learningRateFollowsLr0TimesDecayToTheEpochsPastMaxLrEpoch() {
        TrainingPlan plan = new TrainingPlan(20, 0, 0.7f, 0.8f, 6, 5f, 1, 0, B);
        for (int epoch = 0; epoch < 20; epoch++) {
            double expected = 0.7 * Math.pow(0.8, Math.max(epoch + 1 - 6, 0));
            assertEquals(expected, plan.learningRate(epoch), 1e-6, "epoch " + epoch);
        }
    }

    @Test
    void maxLrEpochZeroDecaysFromTheFirstEpoch() {
        TrainingPlan plan = new TrainingPlan(3, 0, 1f, 0.5f, 0, 5f, 1, 0, B);
        assertEquals(0.5f, plan.learningRate(0));
        assertEquals(0.25f, plan.learningRate(1));
    }

    @Test
    void zeroEpochsIsRefused() {
        assertMessage("epochs is 0: it must be at least 1.", () -> new TrainingPlan(0, 0, 1f, 0.5f, 4, 5f, 1, 0, B));
    }

    @Test
    void negativeMaxStepsIsRefused() {
        assertMessage(
                "maxSteps is -1: it must be 0 (no limit) or more.",
                () -> new TrainingPlan(1, -1, 1f, 0.5f, 4, 5f, 1, 0, B));
    }

    @Test
    void zeroNegativeNanOrInfiniteLearningRateIsRefused() {
        assertMessage(
                "learningRate is 0.0: it must be a finite number above 0.",
                () -> new TrainingPlan(1, 0, 0f, 0.5f, 4, 5f, 1, 0, B));
        assertMessage(
                "learningRate is -1.0: it must be a finite number above 0.",
                () -> new TrainingPlan(1, 0, -1f, 0.5f, 4, 5f, 1, 0, B));
        assertMessage(
                "learningRate is NaN: it must be a finite number above 0.",
                () -> new TrainingPlan(1, 0, Float.NaN, 0.5f, 4, 5f, 1, 0, B));
        assertMessage(
                "learningRate is Infinity: it must be a finite number above 0.",
                () -> new TrainingPlan(1, 0, Float.POSITIVE_INFINITY, 0.5f, 4, 5f, 1, 0, B));
    }

    @Test
    void lrDecayOutsideZeroToOneIsRefused() {
        assertMessage("lrDecay is 0.0: it must be in (0, 1].", () -> new TrainingPlan(1, 0, 1f, 0f, 4, 5f, 1, 0, B));
        assertMessage("lrDecay is 1.5: it must be in (0, 1].", () -> new TrainingPlan(1, 0, 1f, 1.5f, 4, 5f, 1, 0, B));
        // 1 is allowed: no decay
        assertEquals(1f, new TrainingPlan(9, 0, 1f, 1f, 0, 5f, 1, 0, B).learningRate(8));
    }

    @Test
    void negativeMaxLrEpochIsRefused() {
        assertMessage(
                "maxLrEpoch is -2: it must be 0 or more.", () -> new TrainingPlan(1, 0, 1f, 0.5f, -2, 5f, 1, 0, B));
    }

    @Test
    void zeroOrNanMaxGradNormIsRefused() {
        assertMessage(
                "maxGradNorm is 0.0: it must be a number above 0.",
                () -> new TrainingPlan(1, 0, 1f, 0.5f, 4, 0f, 1, 0, B));
        assertMessage(
                "maxGradNorm is NaN: it must be a number above 0.",
                () -> new TrainingPlan(1, 0, 1f, 0.5f, 4, Float.NaN, 1, 0, B));
    }

    @Test
    void negativeLogEveryIsRefused() {
        assertMessage(
                "logEvery is -5: it must be 0 (auto) or more.",
                () -> new TrainingPlan(1, 0, 1f, 0.5f, 4, 5f, 1, -5, B));
    }

    @Test
    void missingLayoutIsRefusedNamingBothLayouts() {
        assertMessage(
                "layout is missing: use BATCH_MAJOR or TIME_MAJOR.",
                () -> new TrainingPlan(1, 0, 1f, 0.5f, 4, 5f, 1, 0, null));
    }

    @Test
    void withersChangeOnlyTheirField() {
        TrainingPlan plan = Presets.medium().training();
        assertEquals(new TrainingPlan(3, 0, 1f, 0.8f, 6, 5f, 42, 0, B), plan.withEpochs(3));
        assertEquals(new TrainingPlan(39, 100, 1f, 0.8f, 6, 5f, 42, 0, B), plan.withMaxSteps(100));
        assertEquals(new TrainingPlan(39, 0, 1f, 0.8f, 6, 5f, 7, 0, B), plan.withSeed(7));
        assertEquals(new TrainingPlan(39, 0, 1f, 0.8f, 6, 5f, 42, 25, B), plan.withLogEvery(25));
        assertEquals(
                new TrainingPlan(39, 0, 1f, 0.8f, 6, 5f, 42, 0, Layout.TIME_MAJOR), plan.withLayout(Layout.TIME_MAJOR));
    }
}

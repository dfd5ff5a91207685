package io.longshort.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.Presets;
import io.longshort.core.spec.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The training-plan builder: medium's defaults, the paper's numbers and invalid values. */
class TrainingPlanBuilderTest {

    private static void assertMessage(String expected, Executable build) {
        LongshortException e = assertThrows(LongshortException.class, build);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void defaultsAreTheMediumPresetsPlan() {
        assertEquals(Presets.medium().training(), LanguageModels.training().build());
    }

    @Test
    void papersLargeNumbersReproduceTheLargePresetsPlan() {
        TrainingPlan plan = LanguageModels.training()
                .optEpochs(55)
                .optLearningRate(1f)
                .optLrDecay((float) (1 / 1.15))
                .optMaxLrEpoch(14)
                .optMaxGradNorm(10f)
                .build();
        assertEquals(Presets.large().training(), plan);
    }

    @Test
    void everySettingReachesThePlan() {
        TrainingPlan plan = LanguageModels.training()
                .optEpochs(3)
                .optMaxSteps(500)
                .optLearningRate(0.5f)
                .optLrDecay(0.9f)
                .optMaxLrEpoch(1)
                .optMaxGradNorm(2.5f)
                .optSeed(7)
                .optLogEvery(50)
                .optLayout(Layout.TIME_MAJOR)
                .build();
        assertEquals(new TrainingPlan(3, 500, 0.5f, 0.9f, 1, 2.5f, 7, 50, Layout.TIME_MAJOR), plan);
        assertEquals(0.45f, plan.learningRate(1), 1e-6f);
    }

    @Test
    void everySetterReturnsTheSameBuilder() {
        TrainingPlanBuilder b = LanguageModels.training();
        assertSame(b, b.optEpochs(1));
        assertSame(b, b.optMaxSteps(1));
        assertSame(b, b.optLearningRate(1f));
        assertSame(b, b.optLrDecay(1f));
        assertSame(b, b.optMaxLrEpoch(1));
        assertSame(b, b.optMaxGradNorm(1f));
        assertSame(b, b.optSeed(1));
        assertSame(b, b.optLogEvery(1));
        assertSame(b, b.optLayout(Layout.BATCH_MAJOR));
        assertSame(b, b.from(Presets.tiny().training()));
    }

    @Test
    void fromCopiesEveryField() {
        TrainingPlan small = Presets.small().training();
        assertEquals(small, LanguageModels.training().from(small).build());
        assertEquals(
                small.withSeed(9),
                LanguageModels.training().from(small).optSeed(9).build());
    }

    @Test
    void trainingFromPresetStartsFromThePresetsPlan() {
        for (String name : Presets.NAMES) {
            assertEquals(
                    Presets.get(name).training(),
                    LanguageModels.trainingFromPreset(name).build(),
                    name);
        }
    }

    @Test
    void invalidValuesSurfaceCoresValidationMessage() {
        assertMessage(
                "epochs is 0: it must be at least 1.",
                () -> LanguageModels.training().optEpochs(0).build());
        assertMessage(
                "lrDecay is 1.5: it must be in (0, 1].",
                () -> LanguageModels.training().optLrDecay(1.5f).build());
        assertMessage(
                "maxSteps is -1: it must be 0 (no limit) or more.",
                () -> LanguageModels.training().optMaxSteps(-1).build());
        assertMessage(
                "maxGradNorm is 0.0: it must be a number above 0.",
                () -> LanguageModels.training().optMaxGradNorm(0f).build());
        assertMessage(
                "layout is missing: use BATCH_MAJOR or TIME_MAJOR.",
                () -> LanguageModels.training().optLayout(null).build());
    }
}

package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.LrSchedule;
import io.longshort.core.spec.Optimizer;
import io.longshort.core.spec.Presets;
import io.longshort.core.spec.TrainingPlan;
import org.junit.jupiter.api.Test;

/** The recipe's rule and reduce-on-plateau as the trainer sees them. */
class LearningRatesTest {

    private static TrainingPlan plateau(float factor, int patience) {
        return new TrainingPlan(
                10,
                0,
                Optimizer.sgd(),
                20f,
                LrSchedule.plateau(factor, patience),
                0.25f,
                1,
                0,
                Layout.BATCH_MAJOR,
                null);
    }

    @Test
    void recipeRuleIgnoresValidation() {
        LearningRates rates = new LearningRates(Presets.small().training());
        float[] expected = {1f, 1f, 1f, 1f, 0.5f, 0.25f};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], rates.rate(epoch), 1e-7f);
            assertFalse(rates.afterValidation(1000 - epoch));
        }
    }

    @Test
    void plateauQuartersTheRateAfterEachEpochWithoutImprovementLikeThePyTorchExample() {
        LearningRates rates = new LearningRates(plateau(0.25f, 0));
        assertEquals(20f, rates.rate(0));
        assertFalse(rates.afterValidation(300)); // best
        assertEquals(20f, rates.rate(1));
        assertFalse(rates.afterValidation(200)); // better
        assertTrue(rates.afterValidation(200)); // equal is no improvement
        assertEquals(5f, rates.rate(3));
        assertTrue(rates.afterValidation(250));
        assertEquals(1.25f, rates.rate(4));
        assertFalse(rates.afterValidation(150));
        assertEquals(1.25f, rates.rate(5));
    }

    @Test
    void plateauWaitsForPatienceEpochsBeforeLowering() {
        LearningRates rates = new LearningRates(plateau(0.5f, 2));
        rates.afterValidation(100);
        assertFalse(rates.afterValidation(101));
        assertFalse(rates.afterValidation(102));
        assertTrue(rates.afterValidation(103));
        assertEquals(10f, rates.rate(4));
        assertFalse(rates.afterValidation(104)); // the count starts again
        assertFalse(rates.afterValidation(99));
        assertEquals(10f, rates.rate(6));
    }

    @Test
    void plateauSettingsAreValidated() {
        LongshortException e = org.junit.jupiter.api.Assertions.assertThrows(
                LongshortException.class, () -> LrSchedule.plateau(1f, 0));
        assertEquals("plateau factor is 1.0: it must be in (0, 1).", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(LongshortException.class, () -> LrSchedule.plateau(0.5f, -1));
        assertEquals("plateau patience is -1: it must be 0 or more.", e.getMessage());
    }
}

package io.longshort.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation of {@link ModelSpec}, its parameter count, and the preset table. */
class ModelSpecTest {

    private static void assertMessage(String expected, Executable build) {
        LongshortException e = assertThrows(LongshortException.class, build);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void zeroOrNegativeSizesAreRefusedNamingTheField() {
        assertMessage(
                "vocabularySize is 0: it must be at least 1.",
                () -> new ModelSpec(0, 200, 200, 2, 20, 20, 0f, 0.1f, 1f));
        assertMessage(
                "embeddingSize is -1: it must be at least 1.",
                () -> new ModelSpec(10, -1, 200, 2, 20, 20, 0f, 0.1f, 1f));
        assertMessage(
                "hiddenSize is 0: it must be at least 1.", () -> new ModelSpec(10, 200, 0, 2, 20, 20, 0f, 0.1f, 1f));
        assertMessage(
                "numLayers is 0: it must be at least 1.", () -> new ModelSpec(10, 200, 200, 0, 20, 20, 0f, 0.1f, 1f));
        assertMessage(
                "numSteps is -35: it must be at least 1.", () -> new ModelSpec(10, 200, 200, 2, -35, 20, 0f, 0.1f, 1f));
        assertMessage(
                "batchSize is 0: it must be at least 1.", () -> new ModelSpec(10, 200, 200, 2, 20, 0, 0f, 0.1f, 1f));
    }

    @Test
    void dropoutOfOneOrBelowZeroIsRefused() {
        assertMessage(
                "dropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> new ModelSpec(10, 8, 8, 2, 5, 4, 1f, 0.1f, 1f));
        assertMessage(
                "dropout is -0.1: it must be in [0, 1) (1 - keep probability).",
                () -> new ModelSpec(10, 8, 8, 2, 5, 4, -0.1f, 0.1f, 1f));
        assertMessage(
                "dropout is NaN: it must be in [0, 1) (1 - keep probability).",
                () -> new ModelSpec(10, 8, 8, 2, 5, 4, Float.NaN, 0.1f, 1f));
    }

    @Test
    void nonPositiveOrInfiniteInitScaleIsRefused() {
        assertMessage(
                "initScale is 0.0: it must be a finite number above 0.",
                () -> new ModelSpec(10, 8, 8, 2, 5, 4, 0f, 0f, 1f));
        assertMessage(
                "initScale is -0.1: it must be a finite number above 0.",
                () -> new ModelSpec(10, 8, 8, 2, 5, 4, 0f, -0.1f, 1f));
        assertMessage(
                "initScale is Infinity: it must be a finite number above 0.",
                () -> new ModelSpec(10, 8, 8, 2, 5, 4, 0f, Float.POSITIVE_INFINITY, 1f));
    }

    @Test
    void nonFiniteForgetBiasIsRefused() {
        assertMessage(
                "forgetBias is NaN: it must be a finite number.",
                () -> new ModelSpec(10, 8, 8, 2, 5, 4, 0f, 0.1f, Float.NaN));
        // zero and negative biases are allowed
        assertEquals(-1f, new ModelSpec(10, 8, 8, 2, 5, 4, 0f, 0.1f, -1f).forgetBias());
    }

    @Test
    void smallPresetWithTenThousandWordsHasTheHandCountedParameters() {
        ModelSpec small = Presets.small().model();
        assertEquals(10_000, small.vocabularySize());
        long embedding = 10_000L * 200; // 2,000,000
        // per layer: 4 gates x (input-to-hidden + hidden-to-hidden) weights + two biases of 4H
        long layer = 4L * 200 * (200 + 200) + 2L * 4 * 200; // 320,000 + 1,600
        long head = 200L * 10_000 + 10_000; // 2,010,000
        assertEquals(4_653_200L, embedding + 2 * layer + head);
        assertEquals(4_653_200L, small.parameterCount());
    }

    @Test
    void firstLayerCountsTheEmbeddingSizeAsItsInput() {
        // V=5, E=3, H=2, L=2: 15 + [4*2*(3+2) + 16] + [4*2*(2+2) + 16] + 2*5 + 5
        ModelSpec spec = new ModelSpec(5, 3, 2, 2, 1, 1, 0f, 0.1f, 1f);
        assertEquals(15 + 56 + 48 + 15, spec.parameterCount());
    }

    @Test
    void unknownPresetListsTheNames() {
        assertMessage(
                "Unknown preset 'nope': choose one of [small, medium, large, tutorial, tiny, demo].",
                () -> Presets.get("nope"));
    }

    @Test
    void presetNamesAreCaseInsensitiveAndEveryListedNameResolves() {
        assertEquals(Presets.medium(), Presets.get("MEDIUM"));
        for (String name : Presets.NAMES) {
            assertEquals(name, Presets.get(name).name());
        }
    }

    @Test
    void mediumPresetHasThePapersNumbers() {
        Preset medium = Presets.medium();
        assertEquals(new ModelSpec(10_000, 650, 650, 2, 35, 20, 0.5f, 0.05f, 1f), medium.model());
        assertEquals(new TrainingPlan(39, 0, 1f, 0.8f, 6, 5f, 42, 0, Layout.BATCH_MAJOR), medium.training());
    }

    @Test
    void withersChangeOnlyTheirField() {
        ModelSpec small = Presets.small().model();
        assertEquals(new ModelSpec(42, 200, 200, 2, 20, 20, 0f, 0.1f, 1f), small.withVocabularySize(42));
        assertEquals(new ModelSpec(10_000, 200, 200, 2, 20, 7, 0f, 0.1f, 1f), small.withBatchSize(7));
    }
}

package io.longshort.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Presets;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The model builder: the paper's numbers, defaults, missing settings and invalid values. */
class ModelSpecBuilderTest {

    private static void assertMessage(String expected, Executable build) {
        LongshortException e = assertThrows(LongshortException.class, build);
        assertEquals(expected, e.getMessage());
    }

    private static ModelSpecBuilder sized() {
        return LanguageModels.model().setVocabularySize(100).setEmbeddingSize(8).setHiddenSize(8);
    }

    @Test
    void papersMediumNumbersReproduceTheMediumPresetFieldForField() {
        ModelSpec built = LanguageModels.model()
                .setVocabularySize(10_000)
                .setEmbeddingSize(650)
                .setHiddenSize(650)
                .optNumLayers(2)
                .optNumSteps(35)
                .optBatchSize(20)
                .optKeepProbability(0.5f)
                .optInitScale(0.05f)
                .optForgetBias(1f)
                .build();
        ModelSpec medium = Presets.medium().model();
        assertEquals(medium.vocabularySize(), built.vocabularySize());
        assertEquals(medium.embeddingSize(), built.embeddingSize());
        assertEquals(medium.hiddenSize(), built.hiddenSize());
        assertEquals(medium.numLayers(), built.numLayers());
        assertEquals(medium.numSteps(), built.numSteps());
        assertEquals(medium.batchSize(), built.batchSize());
        assertEquals(medium.dropout(), built.dropout());
        assertEquals(medium.initScale(), built.initScale());
        assertEquals(medium.forgetBias(), built.forgetBias());
        assertEquals(medium, built);
    }

    @Test
    void defaultsAreTwoLayers35StepsBatch20NoDropoutInit005ForgetBias1() {
        ModelSpec spec = LanguageModels.model()
                .setVocabularySize(10_000)
                .setEmbeddingSize(650)
                .setHiddenSize(650)
                .optKeepProbability(0.5f)
                .build();
        assertEquals(Presets.medium().model(), spec);
        ModelSpec plain = sized().build();
        assertEquals(new ModelSpec(100, 8, 8, 2, 35, 20, 0f, 0.05f, 1f), plain);
    }

    @Test
    void papersLargeNumbersWithKeep035ReproduceTheLargePreset() {
        ModelSpec built = LanguageModels.model()
                .setVocabularySize(10_000)
                .setEmbeddingSize(1500)
                .setHiddenSize(1500)
                .optKeepProbability(0.35f)
                .optInitScale(0.04f)
                .build();
        assertEquals(Presets.large().model(), built);
    }

    @Test
    void keepProbabilityIsOneMinusDropoutInDecimal() {
        for (int percent = 1; percent <= 100; percent++) {
            float keep = percent / 100f;
            float expected = new BigDecimal(100 - percent).movePointLeft(2).floatValue();
            assertEquals(expected, sized().optKeepProbability(keep).build().dropout(), "keep " + keep);
        }
        assertEquals(0f, sized().optKeepProbability(1f).build().dropout());
    }

    @Test
    void lastOfDropoutAndKeepProbabilityWins() {
        assertEquals(
                0.3f, sized().optDropout(0.2f).optKeepProbability(0.7f).build().dropout());
        assertEquals(
                0.2f, sized().optKeepProbability(0.7f).optDropout(0.2f).build().dropout());
    }

    @Test
    void everySetterReturnsTheSameBuilder() {
        ModelSpecBuilder b = LanguageModels.model();
        assertSame(b, b.setVocabularySize(1));
        assertSame(b, b.setEmbeddingSize(1));
        assertSame(b, b.setHiddenSize(1));
        assertSame(b, b.optNumLayers(1));
        assertSame(b, b.optNumSteps(1));
        assertSame(b, b.optBatchSize(1));
        assertSame(b, b.optDropout(0f));
        assertSame(b, b.optKeepProbability(1f));
        assertSame(b, b.optInitScale(1f));
        assertSame(b, b.optForgetBias(0f));
        assertSame(b, b.from(Presets.tiny().model()));
    }

    @Test
    void missingEmbeddingSizeNamesItsSetter() {
        assertMessage(
                "Call setEmbeddingSize(int): the embedding size is required.",
                () -> LanguageModels.model()
                        .setVocabularySize(10)
                        .setHiddenSize(8)
                        .build());
    }

    @Test
    void missingVocabularySizeNamesItsSetter() {
        assertMessage(
                "Call setVocabularySize(int): the vocabulary size is required.",
                () -> LanguageModels.model()
                        .setEmbeddingSize(8)
                        .setHiddenSize(8)
                        .build());
    }

    @Test
    void missingHiddenSizeNamesItsSetter() {
        assertMessage(
                "Call setHiddenSize(int): the hidden size is required.",
                () -> LanguageModels.model()
                        .setVocabularySize(10)
                        .setEmbeddingSize(8)
                        .build());
    }

    @Test
    void everyMissingRequiredSettingIsNamedAtOnce() {
        assertMessage(
                "Call setVocabularySize(int), setEmbeddingSize(int) and setHiddenSize(int): the"
                        + " vocabulary size, the embedding size and the hidden size are required.",
                () -> LanguageModels.model().optNumLayers(3).build());
        assertMessage(
                "Call setVocabularySize(int) and setHiddenSize(int): the vocabulary size and the"
                        + " hidden size are required.",
                () -> LanguageModels.model().setEmbeddingSize(8).build());
    }

    @Test
    void invalidValuesSurfaceCoresValidationMessage() {
        assertMessage(
                "embeddingSize is 0: it must be at least 1.",
                () -> sized().setEmbeddingSize(0).build());
        assertMessage(
                "numLayers is -1: it must be at least 1.",
                () -> sized().optNumLayers(-1).build());
        assertMessage(
                "dropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optDropout(1f).build());
        assertMessage(
                "dropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optKeepProbability(0f).build());
        assertMessage(
                "dropout is -0.1: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optKeepProbability(1.1f).build());
        assertMessage(
                "dropout is NaN: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optKeepProbability(Float.NaN).build());
        assertMessage(
                "initScale is 0.0: it must be a finite number above 0.",
                () -> sized().optInitScale(0f).build());
    }

    @Test
    void fromCopiesEveryFieldAndLeavesTheSourceAlone() {
        ModelSpec small = Presets.small().model();
        assertEquals(small, LanguageModels.model().from(small).build());
        ModelSpec changed = LanguageModels.model()
                .from(small)
                .optBatchSize(64)
                .optDropout(0.25f)
                .build();
        assertEquals(new ModelSpec(10_000, 200, 200, 2, 20, 64, 0.25f, 0.1f, 1f), changed);
        assertEquals(20, small.batchSize());
    }

    @Test
    void fromPresetStartsFromThePresetsModel() {
        for (String name : Presets.NAMES) {
            assertEquals(
                    Presets.get(name).model(), LanguageModels.fromPreset(name).build(), name);
        }
        assertEquals(
                Presets.medium().model().withBatchSize(8),
                LanguageModels.fromPreset("Medium").optBatchSize(8).build());
    }

    @Test
    void unknownPresetListsTheNames() {
        assertMessage(
                "Unknown preset 'huge': choose one of [small, medium, large, tutorial, tiny, demo].",
                () -> LanguageModels.fromPreset("huge"));
        assertMessage(
                "The preset name is missing: choose one of [small, medium, large, tutorial, tiny," + " demo].",
                () -> LanguageModels.fromPreset(" "));
    }

    @Test
    void builderBuildsIndependentSpecsAndCanBeReused() {
        ModelSpecBuilder b = sized();
        ModelSpec first = b.build();
        ModelSpec second = b.optNumSteps(5).build();
        assertNotSame(first, second);
        assertEquals(35, first.numSteps());
        assertEquals(5, second.numSteps());
    }
}

package io.longshort.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.DataSource;
import io.longshort.core.data.Vocabulary;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.LrSchedule;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Optimizer;
import io.longshort.core.spec.SoftmaxHead;
import io.longshort.core.spec.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per validation rule of {@code build()}, each asserting the exact message: it names the
 * setting, the value given and what is allowed.
 */
class DslValidationTest {

    @TempDir
    Path tmp;

    private static void assertMessage(String expected, Executable build) {
        LongshortException e = assertThrows(LongshortException.class, build);
        assertEquals(expected, e.getMessage());
    }

    private static ModelSpecBuilder sized() {
        return LanguageModels.model().setVocabularySize(100).setEmbeddingSize(8).setHiddenSize(8);
    }

    // ---- sizes ----

    @Test
    void nonPositiveVocabularySize() {
        assertMessage(
                "vocabularySize is 0: it must be at least 1.",
                () -> sized().setVocabularySize(0).build());
    }

    @Test
    void nonPositiveEmbeddingSize() {
        assertMessage(
                "embeddingSize is -3: it must be at least 1.",
                () -> sized().setEmbeddingSize(-3).build());
    }

    @Test
    void nonPositiveHiddenSize() {
        assertMessage(
                "hiddenSize is 0: it must be at least 1.",
                () -> sized().setHiddenSize(0).build());
    }

    @Test
    void nonPositiveSizeOfOneLayer() {
        assertMessage(
                "hiddenSizes[2] is -1: it must be at least 1.",
                () -> sized().setHiddenSizes(8, 4, -1).build());
    }

    @Test
    void noLayers() {
        assertMessage(
                "hiddenSizes is []: it must hold the size of each LSTM layer, at least one.",
                () -> sized().setHiddenSizes().build());
        assertMessage(
                "numLayers is 0: it must be at least 1.",
                () -> sized().optNumLayers(0).build());
    }

    @Test
    void numLayersContradictingTheSizesGiven() {
        assertMessage(
                "numLayers is 3 but setHiddenSizes gave 2 sizes [8, 4]: it must equal the number of sizes;"
                        + " drop optNumLayers or give one size per layer.",
                () -> sized().setHiddenSizes(8, 4).optNumLayers(3).build());
    }

    @Test
    void nonPositiveSteps() {
        assertMessage(
                "numSteps is 0: it must be at least 1.",
                () -> sized().optNumSteps(0).build());
    }

    @Test
    void nonPositiveBatch() {
        assertMessage(
                "batchSize is -20: it must be at least 1.",
                () -> sized().optBatchSize(-20).build());
    }

    // ---- dropout ----

    @Test
    void dropoutOutsideZeroToOne() {
        assertMessage(
                "dropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optDropout(1f).build());
        assertMessage(
                "dropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optKeepProbability(0f).build());
    }

    @Test
    void inputDropoutOutsideZeroToOne() {
        assertMessage(
                "inputDropout is -0.1: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optInputDropout(-0.1f).build());
    }

    @Test
    void hiddenDropoutOutsideZeroToOne() {
        assertMessage(
                "hiddenDropout is 1.5: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optDropout(0.5f).optHiddenDropout(1.5f).build());
    }

    @Test
    void outputDropoutOutsideZeroToOne() {
        assertMessage(
                "outputDropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> sized().optOutputDropout(1f).build());
    }

    // ---- initialisation ----

    @Test
    void nonPositiveInitScale() {
        assertMessage(
                "initScale is 0.0: it must be a finite number above 0.",
                () -> sized().optInitScale(0f).build());
    }

    @Test
    void nonFiniteForgetBias() {
        assertMessage(
                "forgetBias is Infinity: it must be a finite number.",
                () -> sized().optForgetBias(Float.POSITIVE_INFINITY).build());
    }

    // ---- softmax head ----

    @Test
    void tyingMismatchedSizesWithoutProjection() {
        assertMessage(
                "softmax.projection is false with weights tied to the embedding, hiddenSize 8 and"
                        + " embeddingSize 6: it must be true unless the last layer's size equals the embedding size.",
                () -> sized().setEmbeddingSize(6).optTiedWeights(true).build());
        ModelSpec projected = sized().setEmbeddingSize(6)
                .optTiedWeights(true)
                .optProjection(true)
                .build();
        assertEquals(SoftmaxHead.tiedWithProjection(), projected.softmax());
    }

    @Test
    void nonPositiveTemperature() {
        assertMessage(
                "temperature is -1.0: it must be a finite number above 0 (1: no change).",
                () -> sized().optTemperature(-1f).build());
    }

    // ---- data ----

    @Test
    void stepsLargerThanTheDataAllows() {
        Corpus corpus = new Corpus(
                "tiny",
                Vocabulary.of(List.of("a", "b", "c")),
                new int[400],
                new int[100],
                new int[50],
                OptionalDouble.empty(),
                OptionalDouble.empty());
        ModelSpec ok = LanguageModels.model()
                .setVocabulary(corpus)
                .setEmbeddingSize(4)
                .setHiddenSize(4)
                .optBatchSize(4)
                .optNumSteps(24)
                .build();
        assertEquals(3, ok.vocabularySize());
        assertMessage(
                "numSteps is 25: it must be at most 24 for this data with batchSize 4 (train has 400, valid"
                        + " 100, test 50 words); lower numSteps or batchSize, or give more data.",
                () -> LanguageModels.model()
                        .setVocabulary(corpus)
                        .setEmbeddingSize(4)
                        .setHiddenSize(4)
                        .optBatchSize(4)
                        .optNumSteps(25)
                        .build());
    }

    @Test
    void dataFilesThatDoNotExist() {
        Path missing = tmp.resolve("no-ptb");
        assertMessage(
                "data.path is " + missing + ": it must be a folder holding ptb.train.txt, ptb.valid.txt and"
                        + " ptb.test.txt (no such folder).",
                () -> Presets.tiny()
                        .toExperimentBuilder()
                        .optData(DataSource.ptb(missing))
                        .build());
    }

    // ---- engine ----

    @Test
    void engineThatIsNotPresent() {
        assertMessage(
                "engine is 'tensorflow': it must be one of the engines present [fake], or null to leave it to"
                        + " configuration.",
                () -> Presets.tiny()
                        .toExperimentBuilder()
                        .optEngine("tensorflow")
                        .build());
        assertEquals(
                "fake",
                Presets.tiny().toExperimentBuilder().optEngine(" Fake ").build().engine());
        assertEquals(
                null,
                Presets.tiny().toExperimentBuilder().optEngine(null).build().engine());
    }

    @Test
    void experimentWithoutModelOrPlan() {
        assertMessage(
                "Call setModel(ModelSpec) and setTraining(TrainingPlan): they are required.",
                () -> LanguageModels.experiment().build());
    }

    // ---- training plan ----

    @Test
    void nonPositiveEpochs() {
        assertMessage(
                "epochs is 0: it must be at least 1.",
                () -> LanguageModels.training().optEpochs(0).build());
    }

    @Test
    void negativeStepBudget() {
        assertMessage(
                "maxSteps is -5: it must be 0 (no limit) or more.",
                () -> LanguageModels.training().optMaxSteps(-5).build());
    }

    @Test
    void nonPositiveLearningRate() {
        assertMessage(
                "learningRate is 0.0: it must be a finite number above 0.",
                () -> LanguageModels.training().optLearningRate(0f).build());
    }

    @Test
    void decayOutsideZeroToOne() {
        assertMessage(
                "lrDecay is 1.2: it must be in (0, 1].",
                () -> LanguageModels.training().optLrDecay(1.2f).build());
    }

    @Test
    void negativeMaxLrEpoch() {
        assertMessage(
                "maxLrEpoch is -1: it must be 0 or more.",
                () -> LanguageModels.training().optMaxLrEpoch(-1).build());
    }

    @Test
    void recipeDecayTogetherWithReduceOnPlateau() {
        assertMessage(
                "optLrDecay is 0.5, a setting of the recipe's schedule, but optReduceOnPlateau chose"
                        + " reduce-on-plateau: it must be one schedule; drop optLrDecay or optReduceOnPlateau.",
                () -> LanguageModels.training()
                        .optLrDecay(0.5f)
                        .optReduceOnPlateau(0.25f, 0)
                        .build());
    }

    @Test
    void plateauFactorOutsideZeroToOne() {
        assertMessage(
                "plateau factor is 4.0: it must be in (0, 1).",
                () -> LanguageModels.training().optReduceOnPlateau(4f, 0));
    }

    @Test
    void adamConstantsOutOfRange() {
        assertMessage("adam beta1 is 1.0: it must be in [0, 1).", () -> Optimizer.adam(1f, 0.999f, 1e-8f));
        assertMessage("adam beta2 is -0.5: it must be in [0, 1).", () -> Optimizer.adam(0.9f, -0.5f, 1e-8f));
        assertMessage(
                "adam epsilon is 0.0: it must be a finite number above 0.", () -> Optimizer.adam(0.9f, 0.999f, 0f));
    }

    @Test
    void missingOptimizer() {
        assertMessage(
                "optimizer is missing: use Optimizer.sgd() (the recipe) or Optimizer.adam().",
                () -> LanguageModels.training().optOptimizer(null).build());
    }

    @Test
    void nonPositiveClip() {
        assertMessage(
                "maxGradNorm is -5.0: it must be a number above 0.",
                () -> LanguageModels.training().optMaxGradNorm(-5f).build());
    }

    @Test
    void negativeLogInterval() {
        assertMessage(
                "logEvery is -1: it must be 0 (auto) or more.",
                () -> LanguageModels.training().optLogEvery(-1).build());
    }

    @Test
    void missingLayout() {
        assertMessage(
                "layout is missing: use BATCH_MAJOR or TIME_MAJOR.",
                () -> LanguageModels.training().optLayout(null).build());
    }

    // ---- what does build ----

    @Test
    void presetsAreStartingPoints() {
        ModelSpec spec = Presets.medium().toBuilder()
                .optDropout(0.6f)
                .optTiedWeights(true)
                .build();
        assertEquals(
                io.longshort.core.spec.Presets.medium()
                        .model()
                        .withSoftmax(SoftmaxHead.tiedToEmbedding())
                        .hiddenSizes(),
                spec.hiddenSizes());
        assertEquals(0.6f, spec.dropout());
        assertEquals(
                List.of(650, 400, 300),
                Presets.medium().toBuilder()
                        .setHiddenSizes(650, 400, 300)
                        .build()
                        .hiddenSizes());
        TrainingPlan plan = Presets.medium()
                .toTrainingBuilder()
                .optOptimizer(Optimizer.adam())
                .optLearningRate(0.002f)
                .optReduceOnPlateau(0.25f, 0)
                .optCheckpointDir(Path.of("ck"))
                .optLayout(Layout.TIME_MAJOR)
                .build();
        assertEquals(
                new TrainingPlan(
                        39,
                        0,
                        Optimizer.adam(),
                        0.002f,
                        LrSchedule.plateau(0.25f, 0),
                        5f,
                        42,
                        0,
                        Layout.TIME_MAJOR,
                        Path.of("ck")),
                plan);
        assertEquals(plan, LanguageModels.training().from(plan).build());
        assertEquals(
                io.longshort.core.spec.Presets.small(), Presets.get("SMALL").preset());
    }
}

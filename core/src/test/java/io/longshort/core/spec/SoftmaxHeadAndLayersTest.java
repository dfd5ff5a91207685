package io.longshort.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import io.longshort.core.data.Corpus;
import io.longshort.core.data.Vocabulary;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Per-layer sizes, the three dropouts, the softmax head and the fit of steps to data. */
class SoftmaxHeadAndLayersTest {

    private static void assertMessage(String expected, Executable build) {
        LongshortException e = assertThrows(LongshortException.class, build);
        assertEquals(expected, e.getMessage());
    }

    private static ModelSpec spec(int v, int e, List<Integer> hidden, SoftmaxHead head) {
        return new ModelSpec(v, e, hidden, 5, 4, 0f, 0f, 0f, 0.1f, 1f, head);
    }

    @Test
    void tiedHeadHasExactlyVTimesEFewerParameters() {
        ModelSpec full = spec(10_000, 650, List.of(650, 650), SoftmaxHead.full());
        ModelSpec tied = full.withSoftmax(SoftmaxHead.tiedToEmbedding());
        assertEquals(10_000L * 650, full.parameterCount() - tied.parameterCount());
        assertEquals(10_000L, tied.headParameterCount());
        assertEquals(10_000L * 650 + 10_000, full.headParameterCount());
    }

    @Test
    void tiedHeadWithProjectionAddsTheProjectionMatrix() {
        ModelSpec tied = spec(1000, 400, List.of(650, 650), SoftmaxHead.tiedWithProjection());
        assertEquals(1000L + 400L * 650, tied.headParameterCount());
        ModelSpec untiedProjected = spec(1000, 400, List.of(650, 650), new SoftmaxHead(false, true, 1f));
        assertEquals(1000L + 400L * 650 + 1000L * 400, untiedProjected.headParameterCount());
    }

    @Test
    void tyingMismatchedSizesWithoutProjectionIsRefused() {
        assertMessage(
                "softmax.projection is false with weights tied to the embedding, hiddenSize 650 and"
                        + " embeddingSize 400: it must be true unless the last layer's size equals the"
                        + " embedding size.",
                () -> spec(1000, 400, List.of(650, 650), SoftmaxHead.tiedToEmbedding()));
        // only the last layer feeds the head
        spec(1000, 400, List.of(650, 400), SoftmaxHead.tiedToEmbedding());
    }

    @Test
    void temperatureMustBeFiniteAndAboveZero() {
        assertMessage(
                "temperature is 0.0: it must be a finite number above 0 (1: no change).",
                () -> new SoftmaxHead(false, false, 0f));
        assertMessage(
                "temperature is Infinity: it must be a finite number above 0 (1: no change).",
                () -> SoftmaxHead.full().withTemperature(Float.POSITIVE_INFINITY));
        assertEquals(0.7f, SoftmaxHead.full().withTemperature(0.7f).temperature());
    }

    @Test
    void missingHeadIsRefused() {
        assertMessage(
                "softmax is missing: it must be a SoftmaxHead, such as SoftmaxHead.full().",
                () -> spec(10, 8, List.of(8), null));
    }

    @Test
    void layersOfDifferentSizesCountTheirOwnInputs() {
        // V=5, E=3, layers 4 then 2: 15 + [4*4*(3+4) + 32] + [4*2*(4+2) + 16] + (2*5 + 5)
        ModelSpec s = spec(5, 3, List.of(4, 2), SoftmaxHead.full());
        assertEquals(15 + 144 + 64 + 15, s.parameterCount());
        assertEquals(2, s.numLayers());
        assertEquals(2, s.hiddenSize());
        assertEquals(4, s.hiddenSize(0));
        assertFalse(s.uniformLayers());
        assertTrue(Presets.medium().model().uniformLayers());
    }

    @Test
    void emptyOrNonPositiveLayerSizesAreRefusedNamingTheLayer() {
        assertMessage(
                "hiddenSizes is []: it must hold the size of each LSTM layer, at least one.",
                () -> spec(10, 8, List.of(), SoftmaxHead.full()));
        assertMessage(
                "hiddenSizes[1] is 0: it must be at least 1.", () -> spec(10, 8, List.of(8, 0), SoftmaxHead.full()));
    }

    @Test
    void eachDropoutIsCheckedUnderItsOwnName() {
        assertMessage(
                "inputDropout is 1.0: it must be in [0, 1) (1 - keep probability).",
                () -> new ModelSpec(10, 8, List.of(8), 5, 4, 1f, 0f, 0f, 0.1f, 1f, SoftmaxHead.full()));
        assertMessage(
                "hiddenDropout is -0.5: it must be in [0, 1) (1 - keep probability).",
                () -> new ModelSpec(10, 8, List.of(8), 5, 4, 0f, -0.5f, 0f, 0.1f, 1f, SoftmaxHead.full()));
        assertMessage(
                "outputDropout is NaN: it must be in [0, 1) (1 - keep probability).",
                () -> new ModelSpec(10, 8, List.of(8), 5, 4, 0f, 0f, Float.NaN, 0.1f, 1f, SoftmaxHead.full()));
    }

    @Test
    void theRecipesSingleDropoutIsReadableOnlyWhenTheThreeAgree() {
        assertEquals(0.5f, Presets.medium().model().dropout());
        ModelSpec mixed = new ModelSpec(10, 8, List.of(8), 5, 4, 0.1f, 0.2f, 0.3f, 0.1f, 1f, SoftmaxHead.full());
        assertThrows(IllegalStateException.class, mixed::dropout);
    }

    @Test
    void stepsLargerThanTheDataAllowsAreRefused() {
        Corpus corpus = new Corpus(
                "c",
                Vocabulary.of(List.of("a", "b")),
                new int[100],
                new int[60],
                new int[30],
                OptionalDouble.empty(),
                OptionalDouble.empty());
        ModelSpec fits = new ModelSpec(2, 4, 4, 1, 11, 5, 0f, 0.1f, 1f);
        assertEquals(11, fits.maxStepsFor(corpus)); // valid: 60 / 5 - 1
        fits.checkFits(corpus);
        assertMessage(
                "numSteps is 12: it must be at most 11 for this data with batchSize 5 (train has 100,"
                        + " valid 60, test 30 words); lower numSteps or batchSize, or give more data.",
                () -> new ModelSpec(2, 4, 4, 1, 12, 5, 0f, 0.1f, 1f).checkFits(corpus));
    }

    @Test
    void toStringPrintsEveryHyperparameter() {
        ModelSpec s = new ModelSpec(
                10, 8, List.of(6, 4), 5, 3, 0.1f, 0.2f, 0.3f, 0.07f, 0.5f, new SoftmaxHead(true, true, 0.9f));
        String text = s.toString();
        for (String part : List.of(
                "vocabularySize=10",
                "embeddingSize=8",
                "hiddenSizes=[6, 4]",
                "numSteps=5",
                "batchSize=3",
                "inputDropout=0.1",
                "hiddenDropout=0.2",
                "outputDropout=0.3",
                "initScale=0.07",
                "forgetBias=0.5",
                "tied=true",
                "projection=true",
                "temperature=0.9")) {
            assertTrue(text.contains(part), part + " in " + text);
        }
        String plan = new TrainingPlan(
                        3,
                        100,
                        Optimizer.adam(),
                        0.002f,
                        LrSchedule.plateau(0.25f, 1),
                        5f,
                        7,
                        10,
                        Layout.TIME_MAJOR,
                        java.nio.file.Path.of("ck"))
                .toString();
        for (String part : List.of(
                "epochs=3",
                "maxSteps=100",
                "Adam(beta1=0.9, beta2=0.999, epsilon=1.0E-8)",
                "learningRate=0.002",
                "factor=0.25",
                "patience=1",
                "maxGradNorm=5.0",
                "seed=7",
                "logEvery=10",
                "TIME_MAJOR",
                "checkpointDir=ck")) {
            assertTrue(plan.contains(part), part + " in " + plan);
        }
    }

    @Test
    void summaryListsEachLayerWithShapeAndCountAndTheTotal() {
        ModelSpec s =
                new ModelSpec(100, 8, List.of(6, 4), 5, 3, 0.1f, 0.2f, 0f, 0.1f, 1f, SoftmaxHead.tiedWithProjection());
        String text = Summary.of(s, Presets.tiny().training().withLayout(Layout.TIME_MAJOR));
        String[] lines = text.split("\\R");
        assertTrue(text.contains("embedding (Embedding)"), text);
        assertLine(lines, "embedding (Embedding)", "[5, 3, 8]", "800");
        assertLine(lines, "input_dropout (Dropout 0.1)", "[5, 3, 8]", "0");
        assertLine(lines, "lstm_l0 (LSTM)", "[5, 3, 6]", Long.toString(s.lstmParameterCount(0)));
        assertLine(lines, "dropout_l0 (Dropout 0.2)", "[5, 3, 6]", "0");
        assertLine(lines, "lstm_l1 (LSTM)", "[5, 3, 4]", Long.toString(s.lstmParameterCount(1)));
        assertLine(lines, "projection (Linear, no bias)", "[5, 3, 8]", "32");
        assertLine(lines, "softmax (Dense, tied to embedding)", "[5, 3, 100]", "100");
        assertFalse(text.contains("output_dropout"), text);
        assertTrue(
                text.contains("Total params: " + String.format(java.util.Locale.ROOT, "%,d", s.parameterCount())),
                text);
        assertTrue(text.contains("Training plan:"), text);
        assertTrue(text.contains("optimizer SGD, learning rate 1.0"), text);
        assertTrue(
                Presets.medium().model().summary().contains("Total params: 19,780,400"),
                Presets.medium().model().summary());
    }

    private static void assertLine(String[] lines, String name, String shape, String params) {
        for (String line : lines) {
            if (line.startsWith(name + " ")) {
                String[] cols = line.substring(name.length()).trim().split("\\s{2,}");
                assertEquals(shape, cols[0], line);
                assertEquals(params, cols[1], line);
                return;
            }
        }
        throw new AssertionError("no line for " + name + " in\n" + String.join("\n", lines));
    }
}

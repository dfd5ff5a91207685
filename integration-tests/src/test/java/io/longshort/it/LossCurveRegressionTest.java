package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.longshort.core.data.Corpus;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.Preset;
import io.longshort.core.spec.Presets;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.StepReport;
import io.longshort.core.train.TrainingListener;
import io.longshort.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The speed work must not change what is computed: the tiny preset, trained on the built-in
 * corpus for {@value #STEPS} windows from seed 42, follows the loss curve recorded before any
 * speed change (at commit 445e0be), on each engine. The curve is the running training perplexity
 * of the epoch after every {@value #EVERY} windows, then the validation perplexity.
 */
class LossCurveRegressionTest {

    private static final int STEPS = 60;
    private static final int EVERY = 10;
    private static final double RELATIVE_TOLERANCE = 1e-4;

    // Recorded at commit 445e0be, before the speed work (issue 5). Do not re-record to make a
    // speed change pass: a change that moves these computes another function.
    private static final double[] PYTORCH = {
        103.13481598681088,
        85.81088003238776,
        82.27190097736663,
        78.7710732953877,
        76.6049471788028,
        76.11909764462663,
        74.8456701683138
    };
    private static final double[] MXNET = {
        103.13465074714107,
        85.81075727902703,
        82.2717733482247,
        78.77097939300681,
        76.60485834255083,
        76.11902069626744,
        74.84552053100532
    };

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void tinyPresetFollowsTheRecordedLossCurve(String engine) {
        double[] curve = curve(engine);
        double[] expected = engine.equals("pytorch") ? PYTORCH : MXNET;
        assertEquals(expected.length, curve.length);
        for (int i = 0; i < curve.length; i++) {
            double tolerance = Math.abs(expected[i]) * RELATIVE_TOLERANCE;
            assertEquals(
                    expected[i],
                    curve[i],
                    tolerance,
                    engine + ": point " + i + " of the curve " + Arrays.toString(curve));
        }
    }

    private double[] curve(String engine) {
        Corpus corpus = TestModels.builtin();
        Preset p = Presets.tiny();
        ModelSpec spec = p.model().withVocabularySize(corpus.vocabulary().size());
        List<Double> points = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(StepReport report) {
                if (report.step() % EVERY == 0) {
                    points.add(report.perplexity());
                }
            }
        };
        TrainingResult result = new LanguageModelTrainer(
                        Backends.get(engine), corpus, spec, p.training().withMaxSteps(STEPS), tmp.resolve(engine))
                .optListener(listener)
                .optTestWindow(20, spec.numSteps())
                .train();
        points.add(result.validPerplexity());
        return points.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

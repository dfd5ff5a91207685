package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.longshort.core.checkpoint.CheckpointStore;
import io.longshort.core.data.Corpora;
import io.longshort.core.engine.Backends;
import io.longshort.core.spec.Optimizer;
import io.longshort.core.train.LanguageModelTrainer;
import io.longshort.core.train.ParameterUpdater;
import io.longshort.core.train.TrainingResult;
import io.longshort.dsl.Presets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Adam and reduce-on-plateau on each engine: Adam's update against a hand computation, then a short run. */
class OptimizerEngineTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void adamMatchesTheBiasCorrectedFormulaOverTwoSteps(String engine) {
        float lr = 0.1f;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double clip = 0.5;
        double[][] grads = {{0.5, -1, 2}, {1, 1, -0.25}};
        double[] p = {1, 2, 3};
        double[] m = new double[3];
        double[] v = new double[3];
        try (NDManager owner = Backends.get(engine).engine().newBaseManager();
                ParameterUpdater adam = new ParameterUpdater(Backends.get(engine), Optimizer.adam(), owner)) {
            NDArray param = owner.create(new float[] {1, 2, 3});
            for (int t = 1; t <= 2; t++) {
                try (NDManager step = owner.newSubManager()) {
                    float[] g = new float[3];
                    for (int i = 0; i < 3; i++) {
                        g[i] = (float) grads[t - 1][i];
                        double gc = grads[t - 1][i] * clip;
                        m[i] = b1 * m[i] + (1 - b1) * gc;
                        v[i] = b2 * v[i] + (1 - b2) * gc * gc;
                        double mHat = m[i] / (1 - Math.pow(b1, t));
                        double vHat = v[i] / (1 - Math.pow(b2, t));
                        p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                    }
                    adam.update(List.of(param), List.of(step.create(g)), lr, clip, step);
                }
                float[] expected = {(float) p[0], (float) p[1], (float) p[2]};
                assertArrayEquals(expected, param.toFloatArray(), 1e-5f, engine + " after step " + t);
            }
            assertEquals(2, adam.steps());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void adamWithReduceOnPlateauTrainsTheTinyModel(String engine) {
        var corpus = Corpora.builtin(42);
        var spec = Presets.tiny().toBuilder().setVocabulary(corpus).build();
        var plan = Presets.tiny()
                .toTrainingBuilder()
                .optOptimizer(Optimizer.adam())
                .optLearningRate(0.01f)
                .optReduceOnPlateau(0.25f, 0)
                .optMaxSteps(60)
                .optCheckpointDir(tmp.resolve("ck"))
                .build();
        TrainingResult r = new LanguageModelTrainer(Backends.get(engine), corpus, spec, plan, tmp.resolve("m"))
                .optTestWindow(4, 5)
                .train();
        double ppl = r.test().perplexity();
        assertTrue(Double.isFinite(ppl) && ppl < 120, engine + ": test perplexity after 60 Adam steps " + ppl);
        var checkpoint = new CheckpointStore(tmp.resolve("ck"), 1).latest(null);
        assertTrue(checkpoint.isPresent(), "checkpoint in the plan's folder");
        assertEquals(60, checkpoint.get().manifest().step());
        assertTrue(checkpoint.get().dir().resolve("model.json").toFile().isFile());
        assertTrue(checkpoint.get().dir().resolve("optimizer.ndlist").toFile().isFile(), "Adam's moments are saved");
    }
}

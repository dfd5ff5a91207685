package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.Backends;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import io.longshort.dsl.LanguageModels;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DSL's new shapes compute the same function on both engines: layers of different sizes (one
 * kernel call per layer), the tied head with a projection, and the three dropouts; and a state
 * carried across windows equals one long window.
 */
class DslModelsCrossEngineTest {

    private static final ModelSpec MIXED = LanguageModels.model()
            .setVocabularySize(50)
            .setEmbeddingSize(10)
            .setHiddenSizes(16, 12, 8)
            .optNumSteps(6)
            .optBatchSize(3)
            .optInputDropout(0.1f)
            .optHiddenDropout(0.2f)
            .optOutputDropout(0.3f)
            .optInitScale(0.1f)
            .optTiedWeights(true)
            .optProjection(true)
            .build();
    private static final ModelSpec TIED_UNIFORM = LanguageModels.model()
            .setVocabularySize(40)
            .setEmbeddingSize(12)
            .setHiddenSize(12)
            .optNumLayers(2)
            .optNumSteps(5)
            .optBatchSize(2)
            .optInitScale(0.2f)
            .optTiedWeights(true)
            .build();

    @TempDir
    Path tmp;

    @Test
    void layersOfDifferentSizesWithATiedProjectedHeadAgreeAcrossEngines() throws Exception {
        assertSameLogits(MIXED, Layout.BATCH_MAJOR);
        assertSameLogits(MIXED, Layout.TIME_MAJOR);
    }

    @Test
    void tiedHeadOfEqualSizesAgreesAcrossEngines() throws Exception {
        assertSameLogits(TIED_UNIFORM, Layout.BATCH_MAJOR);
    }

    @Test
    void carriedStateOfLayersOfDifferentSizesEqualsOneWindowOnBothEngines() {
        for (String engine : Backends.available()) {
            Backend backend = Backends.get(engine);
            int steps = MIXED.numSteps();
            int batch = MIXED.batchSize();
            int[] ids = randomIds(MIXED, 11, 2 * steps);
            try (Network net = Network.create(backend, MIXED, Layout.BATCH_MAJOR, 5);
                    NDManager m = net.manager().newSubManager()) {
                NDArray whole = m.create(ids, new Shape(batch, 2 * steps));
                NDList all = net.forward(whole, null, false);
                assertEquals(1 + 2 * MIXED.numLayers(), all.size(), "logits and (h, c) per layer");
                NDList first = net.forward(whole.get(":, 0:" + steps), null, false);
                NDList second = net.forward(whole.get(":, " + steps + ":" + 2 * steps), Network.state(first), false);
                NDArray both = first.get(0).concat(second.get(0), 1);
                double max = maxAbsDiff(all.get(0).toFloatArray(), both.toFloatArray());
                assertTrue(max <= 1e-5, engine + ": max abs difference " + max);
            }
        }
    }

    private void assertSameLogits(ModelSpec spec, Layout layout) throws Exception {
        int[] ids = randomIds(spec, 7, spec.numSteps());
        Shape shape = layout.shape(spec.batchSize(), spec.numSteps());
        Path params = tmp.resolve("p-" + layout + spec.hashCode() + ".params");
        float[] a;
        float[] b;
        try (Network net = Network.create(Backends.get("pytorch"), spec, layout, 3)) {
            net.save(params);
            a = outputs(net, ids, shape);
        }
        try (Network net = Network.load(Backends.get("mxnet"), spec, layout, params)) {
            b = outputs(net, ids, shape);
        }
        double max = maxAbsDiff(a, b);
        assertTrue(max <= 1e-4, "max abs difference of logits and states between engines: " + max);
    }

    private static float[] outputs(Network net, int[] ids, Shape shape) {
        try (NDManager m = net.manager().newSubManager()) {
            NDList out = net.forward(m.create(ids, shape), null, false);
            int n = 0;
            for (NDArray x : out) {
                n += (int) x.size();
            }
            float[] all = new float[n];
            int at = 0;
            for (NDArray x : out) {
                float[] f = x.toFloatArray();
                System.arraycopy(f, 0, all, at, f.length);
                at += f.length;
            }
            return all;
        }
    }

    private static int[] randomIds(ModelSpec spec, long seed, int steps) {
        Random r = new Random(seed);
        int[] ids = new int[spec.batchSize() * steps];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(spec.vocabularySize());
        }
        return ids;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}

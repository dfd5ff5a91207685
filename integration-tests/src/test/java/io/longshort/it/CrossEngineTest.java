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
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both engines in one JVM compute the same function from the same parameters. */
class CrossEngineTest {

    private static final ModelSpec SPEC = new ModelSpec(50, 12, 16, 2, 6, 3, 0.3f, 0.1f, 1f);

    @TempDir
    Path tmp;

    @Test
    void bothEnginesArePresent() {
        assertEquals(List.of("mxnet", "pytorch"), Backends.available());
    }

    @Test
    void twoLayerLogitsAgreeAcrossEnginesBatchMajor() throws Exception {
        assertSameLogits(Layout.BATCH_MAJOR, SPEC);
    }

    @Test
    void threeLayerLogitsAgreeAcrossEnginesTimeMajor() throws Exception {
        ModelSpec three = new ModelSpec(40, 10, 8, 3, 5, 2, 0f, 0.2f, 1f);
        assertSameLogits(Layout.TIME_MAJOR, three);
    }

    private void assertSameLogits(Layout layout, ModelSpec spec) throws Exception {
        Backend pt = Backends.get("pytorch");
        Backend mx = Backends.get("mxnet");
        int[] ids = randomIds(spec, 7);
        Path params = tmp.resolve("p-" + layout + spec.numLayers() + ".params");
        float[] a;
        float[] b;
        try (Network net = Network.create(pt, spec, layout, 3)) {
            net.save(params);
            a = logits(net, ids, layout, spec);
        }
        try (Network net = Network.load(mx, spec, layout, params)) {
            b = logits(net, ids, layout, spec);
        }
        double max = maxAbsDiff(a, b);
        assertTrue(max <= 1e-4, "max abs difference of logits between engines: " + max);
    }

    @Test
    void twoWindowsWithCarriedStateEqualOneWindowOnPyTorch() {
        assertCarriedStateEqualsOneWindow(Backends.get("pytorch"));
    }

    @Test
    void twoWindowsWithCarriedStateEqualOneWindowOnMxnet() {
        assertCarriedStateEqualsOneWindow(Backends.get("mxnet"));
    }

    private void assertCarriedStateEqualsOneWindow(Backend backend) {
        ModelSpec spec = SPEC;
        int steps = spec.numSteps();
        int batch = spec.batchSize();
        int[] ids = randomIds(spec, 11); // [B, 2T] batch-major
        try (Network net = Network.create(backend, spec, Layout.BATCH_MAJOR, 5);
                NDManager m = net.manager().newSubManager()) {
            NDArray whole = m.create(ids, new Shape(batch, 2 * steps));
            float[] one = net.forward(whole, null, false).get(0).toFloatArray();
            NDList first = net.forward(whole.get(":, 0:" + steps), null, false);
            NDList second = net.forward(whole.get(":, " + steps + ":" + 2 * steps), Network.state(first), false);
            NDArray both = first.get(0).concat(second.get(0), 1);
            double max = maxAbsDiff(one, both.toFloatArray());
            assertTrue(max <= 1e-5, backend.name() + ": max abs difference " + max);
        }
    }

    private static int[] randomIds(ModelSpec spec, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[spec.batchSize() * spec.numSteps() * 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(spec.vocabularySize());
        }
        return ids;
    }

    private static float[] logits(Network net, int[] ids, Layout layout, ModelSpec spec) {
        int n = spec.batchSize() * spec.numSteps();
        int[] window = java.util.Arrays.copyOf(ids, n);
        Shape shape = layout.shape(spec.batchSize(), spec.numSteps());
        try (NDManager m = net.manager().newSubManager()) {
            NDList out = net.forward(m.create(window, shape), null, false);
            float[] logits = out.get(0).toFloatArray();
            float[] h = out.get(1).toFloatArray();
            float[] all = java.util.Arrays.copyOf(logits, logits.length + h.length);
            System.arraycopy(h, 0, all, logits.length, h.length);
            return all;
        }
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

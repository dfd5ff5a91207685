package io.longshort.engine.mxnet;

import static io.longshort.engine.mxnet.MxFusedLstmWeightsTest.assertAllReleased;
import static io.longshort.engine.mxnet.MxFusedLstmWeightsTest.assertNoneReleased;
import static io.longshort.engine.mxnet.MxFusedLstmWeightsTest.assertSameArrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.longshort.core.engine.Backend;
import io.longshort.core.engine.LstmKernel;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import io.longshort.core.spec.SoftmaxHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What MXNet keeps for a model (its LSTM kernel's flat parameters and step weights) belongs to
 * that model's {@link Network}: two networks on one backend keep separate state and compute as
 * each would alone, and closing a network closes its kernels and frees their arrays, leaving the
 * other network's untouched.
 */
class NetworkEngineStateTest {

    private static final ModelSpec SPEC = new ModelSpec(30, 8, 6, 2, 4, 2, 0f, 0.3f, 1f);

    private final MxBackend mxnet = new MxBackend();
    private final Recording backend = new Recording(mxnet);

    @Test
    void twoNetworksOnOneBackendKeepTheirOwnStateAndFreeItWhenTheyClose(@TempDir Path dir) throws IOException {
        // loaded, so without gradients, as for inference: the kernels keep step weights too
        Network a = Network.load(backend, SPEC, Layout.BATCH_MAJOR, saved(dir.resolve("a.params"), 1));
        Network b = Network.load(backend, SPEC, Layout.BATCH_MAJOR, saved(dir.resolve("b.params"), 2));
        assertEquals(2, backend.made.size(), "one kernel per network (its layers have one size)");
        Tracked ka = backend.made.get(0);
        Tracked kb = backend.made.get(1);
        assertNotSame(ka.inner, kb.inner);

        float[] aWindow = window(a);
        float[] aStep = step(a);
        float[] bWindow = window(b);
        float[] bStep = step(b);
        List<NDArray> aHeld = ka.mx().heldArrays();
        List<NDArray> bHeld = kb.mx().heldArrays();
        assertEquals(1 + 8 + 2 * 2, aHeld.size(), "a's flat vector, its 8 views and 2 layers' step weights");
        assertEquals(aHeld.size(), bHeld.size());
        assertDisjoint(aHeld, bHeld);
        assertFalse(Arrays.equals(aWindow, bWindow), "different seeds, different logits");

        // a again, after b used the backend: the same results from the same arrays
        assertArrayEquals(aWindow, window(a), 0f);
        assertArrayEquals(aStep, step(a), 0f);
        assertSameArrays(aHeld, ka.mx().heldArrays(), "a's kernel keeps its forms");

        a.close();
        assertTrue(ka.closed, "closing a network closes its kernel");
        assertAllReleased(aHeld, "a's flat parameters and step weights are freed with a");
        assertTrue(ka.mx().heldArrays().isEmpty());
        assertFalse(kb.closed);
        assertNoneReleased(bHeld, "b's state outlives a");
        assertArrayEquals(bWindow, window(b), 0f);
        assertArrayEquals(bStep, step(b), 0f);
        b.close();
        assertTrue(kb.closed);
        assertAllReleased(bHeld, "b's state is freed with b");
    }

    @Test
    void aTrainedNetworkKeepsOneFlatFormWithGradientsAndFreesIt() {
        try (Network net = Network.create(backend, SPEC, Layout.TIME_MAJOR, 3)) {
            for (Parameter p : net.parameters()) {
                p.getArray().setRequiresGradient(true);
            }
            Tracked kernel = backend.made.get(0);
            List<NDArray> held = null;
            for (int round = 0; round < 2; round++) {
                try (NDManager sub = net.manager().newSubManager();
                        GradientCollector collector = mxnet.engine().newGradientCollector()) {
                    NDArray x = sub.arange(0, SPEC.numSteps() * SPEC.batchSize(), 1, DataType.INT32)
                            .reshape(SPEC.numSteps(), SPEC.batchSize());
                    NDArray logits = net.forward(x, null, true).head();
                    collector.backward(logits.sum());
                }
                if (held == null) {
                    held = kernel.mx().heldArrays();
                } else {
                    assertSameArrays(held, kernel.mx().heldArrays(), "the flat form is kept across windows");
                }
            }
            assertEquals(2 * 4 + 2, held.size(), "8 parameter views, the flat vector and its gradient");
            net.close();
            assertAllReleased(held, "freed with the network");
        }
    }

    @Test
    void layersOfDifferentSizesHaveOneKernelEachAllClosedWithTheNetwork() {
        ModelSpec uneven = new ModelSpec(30, 8, List.of(6, 5, 7), 4, 2, 0f, 0f, 0f, 0.3f, 1f, SoftmaxHead.full());
        Network net = Network.create(backend, uneven, Layout.BATCH_MAJOR, 4);
        assertEquals(3, backend.made.size());
        window(net);
        List<NDArray> held = new ArrayList<>();
        for (Tracked t : backend.made) {
            List<NDArray> arrays = t.mx().heldArrays();
            assertFalse(arrays.isEmpty(), "a layer's flat form");
            held.addAll(arrays);
        }
        net.close();
        for (Tracked t : backend.made) {
            assertTrue(t.closed);
        }
        assertAllReleased(held, "every layer's flat form is freed with the network");
    }

    private Path saved(Path file, long seed) throws IOException {
        try (Network net = Network.create(mxnet, SPEC, Layout.BATCH_MAJOR, seed)) {
            net.save(file);
        }
        return file;
    }

    /** The logits of one window in inference. */
    private float[] window(Network net) {
        return mxnet.inference(() -> {
            try (NDManager sub = net.manager().newSubManager()) {
                NDArray x = sub.arange(0, SPEC.numSteps() * SPEC.batchSize(), 1, DataType.INT32)
                        .reshape(SPEC.batchSize(), SPEC.numSteps());
                return net.forward(x, null, false).head().toFloatArray();
            }
        });
    }

    /** The logits of one word in inference, the incremental step. */
    private float[] step(Network net) {
        return mxnet.inference(() -> {
            try (NDManager sub = net.manager().newSubManager()) {
                NDArray x = sub.create(new int[] {3, 7}, new Shape(SPEC.batchSize(), 1));
                return net.forward(x, null, false).head().toFloatArray();
            }
        });
    }

    private static void assertDisjoint(List<NDArray> first, List<NDArray> second) {
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        first.forEach(a -> seen.put(a, true));
        for (NDArray a : second) {
            assertFalse(seen.containsKey(a), "an array kept for two networks");
        }
    }

    /** The MXNet backend, recording the kernels it makes. */
    private static final class Recording implements Backend {
        final Backend inner;
        final List<Tracked> made = new ArrayList<>();

        Recording(Backend inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Engine engine() {
            return inner.engine();
        }

        @Override
        public LstmKernel newLstmKernel(int numLayers) {
            Tracked t = new Tracked(inner.newLstmKernel(numLayers));
            made.add(t);
            return t;
        }

        @Override
        public <T> T inference(Supplier<T> work) {
            return inner.inference(work);
        }
    }

    /** A kernel that records whether it was closed. */
    private static final class Tracked implements LstmKernel {
        final LstmKernel inner;
        boolean closed;

        Tracked(LstmKernel inner) {
            this.inner = inner;
        }

        MxLstmKernel mx() {
            return (MxLstmKernel) inner;
        }

        @Override
        public NDList forward(
                NDArray input, NDList state, NDList parameters, float dropRate, boolean training, boolean batchFirst) {
            return inner.forward(input, state, parameters, dropRate, training, batchFirst);
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
        }
    }
}

package io.longshort.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.longshort.core.engine.Backends;
import io.longshort.core.model.CarriedState;
import io.longshort.core.model.Network;
import io.longshort.core.spec.Layout;
import io.longshort.core.spec.ModelSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CarriedState} on each engine: it starts empty, zeroes for a batch, carries the final state
 * of a forward pass (the old state freed as the new one is taken), decodes a saved state, and
 * frees what it holds on reset and close.
 */
class CarriedStateEngineTest {

    private static final ModelSpec SPEC = new ModelSpec(50, 12, 16, 2, 6, 3, 0f, 0.1f, 1f);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pytorch", "mxnet"})
    void carriesTheFinalStateAndFreesTheOldOne(String engine) {
        try (Network net = Network.create(Backends.get(engine), SPEC, Layout.BATCH_MAJOR, 3);
                CarriedState state = new CarriedState(net)) {
            assertTrue(state.isEmpty());
            assertNull(state.get());
            state.zero(SPEC.batchSize());
            NDList zeros = state.get();
            for (NDArray a : zeros) {
                assertEquals(0f, a.abs().sum().getFloat());
            }
            try (NDManager step = net.manager().newSubManager()) {
                int[] ids = new int[SPEC.batchSize() * SPEC.numSteps()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = (7 * i) % SPEC.vocabularySize();
                }
                NDArray x = step.create(ids, Layout.BATCH_MAJOR.shape(SPEC.batchSize(), SPEC.numSteps()));
                NDList out = net.forward(x, state.get(), false);
                state.carry(out);
                assertTrue(zeros.get(0).isReleased(), "the zero state is freed once carried past");
                assertEquals(out.size() - 1, state.get().size());
                for (int i = 1; i < out.size(); i++) {
                    assertArrayEquals(
                            out.get(i).toFloatArray(), state.get().get(i - 1).toFloatArray());
                }
            }
            assertFalse(state.get().get(0).isReleased(), "the carried state outlives the window's manager");
            byte[] saved = state.get().encode();
            float[] first = state.get().get(0).toFloatArray();
            state.reset();
            assertTrue(state.isEmpty());
            state.decode(saved);
            assertArrayEquals(first, state.get().get(0).toFloatArray());
            NDArray held = state.get().get(0);
            state.close();
            assertTrue(held.isReleased());
            assertNull(state.get());
        }
    }
}

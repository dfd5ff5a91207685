package io.longshort.engine.mxnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.mxnet.engine.MxNDArray;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The LSTM through an {@link MxLstmKernel} and its {@link MxFusedLstmWeights} (one flat parameter
 * vector kept by the model's kernel, gradients as views of one flat gradient) against DJL's own
 * MXNet LSTM, which flattens and concatenates the parameters on every call: the same outputs and
 * the same gradients, also after the parameters change in place, and without gradients in
 * inference; and the incremental step of a model without gradients through {@link MxStepWeights}.
 * Each kernel keeps its own forms, however many there are, and frees them when it closes.
 */
class MxFusedLstmWeightsTest {

    private static final int LAYERS = 2;
    private static final int IN = 5;
    private static final int HIDDEN = 4;
    private static final int STEPS = 3;
    private static final int BATCH = 2;

    private final MxBackend backend = new MxBackend();

    @Test
    void outputsAndGradientsMatchDjlsLstmAcrossUpdates() {
        MxLstmKernel kernel = new MxLstmKernel(LAYERS);
        List<NDArray> kept;
        try (NDManager m = backend.engine().newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            NDList params = parameters(m);
            NDList reference = copies(params);
            NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, STEPS, IN));
            NDList state = new NDList(
                    m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)),
                    m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)));
            NDArray weighting = m.randomUniform(-1f, 1f, new Shape(BATCH, STEPS, HIDDEN));
            List<NDArray> first = null;
            for (int round = 0; round < 3; round++) {
                float[] ours = trainingPass(kernel, params, input, state, weighting);
                float[] djls = trainingPass(null, reference, input, state, weighting);
                if (first == null) {
                    first = kernel.heldArrays();
                }
                assertArrayEquals(djls, ours, 1e-5f, "outputs, round " + round);
                for (int k = 0; k < params.size(); k++) {
                    assertArrayEquals(
                            reference.get(k).getGradient().toFloatArray(),
                            params.get(k).getGradient().toFloatArray(),
                            1e-5f,
                            "gradient of parameter " + k + ", round " + round);
                }
                // a plain SGD step on both copies, so that the next round reads changed values
                backend.sgdStep(params, gradients(params), 0.5f);
                backend.sgdStep(reference, gradients(reference), 0.5f);
                assertArrayEquals(reference.get(0).toFloatArray(), params.get(0).toFloatArray(), 1e-6f);
            }
            kept = kernel.heldArrays();
            assertFalse(kept.isEmpty());
            assertSameArrays(first, kept, "the flat form is kept across updates");
            kernel.close();
            assertAllReleased(kept, "the flat form is freed with its kernel");
        }
    }

    @Test
    void inferenceWithoutGradientsAndOneFlatFormPerModel() {
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, STEPS, IN));
            NDList state =
                    new NDList(m.zeros(new Shape(LAYERS, BATCH, HIDDEN)), m.zeros(new Shape(LAYERS, BATCH, HIDDEN)));
            List<MxLstmKernel> kernels = new ArrayList<>();
            List<NDList> models = new ArrayList<>();
            for (int model = 0; model < 6; model++) {
                NDManager owner = m.newSubManager();
                NDList params = new NDList();
                for (NDArray p : parameters(owner)) {
                    params.add(p.stopGradient());
                }
                assertFalse(params.get(0).hasGradient());
                MxLstmKernel kernel = new MxLstmKernel(LAYERS);
                kernels.add(kernel);
                models.add(params);
                NDArray ours =
                        kernel.forward(input, state, params, 0f, false, true).head();
                NDArray djls = input.getNDArrayInternal()
                        .lstm(
                                input,
                                state,
                                MxLstmKernel.weightsThenBiases(params, LAYERS),
                                true,
                                LAYERS,
                                0f,
                                false,
                                false,
                                true)
                        .head();
                assertArrayEquals(djls.toFloatArray(), ours.toFloatArray(), 1e-6f, "model " + model);
            }
            List<List<NDArray>> held = new ArrayList<>();
            for (int model = 0; model < kernels.size(); model++) {
                List<NDArray> arrays = kernels.get(model).heldArrays();
                assertFalse(arrays.isEmpty(), "model " + model + " keeps its flat form");
                assertNoneReleased(arrays, "model " + model);
                held.add(arrays);
            }
            MxLstmKernel last = kernels.get(kernels.size() - 1);
            last.close();
            assertAllReleased(held.get(held.size() - 1), "a closed kernel's flat form is freed");
            assertTrue(last.heldArrays().isEmpty());
            assertThrows(
                    IllegalStateException.class,
                    () -> last.forward(input, state, models.get(models.size() - 1), 0f, false, true));
            for (int model = 0; model < kernels.size() - 1; model++) {
                assertNoneReleased(held.get(model), "model " + model + " after another's kernel closed");
                assertSameArrays(held.get(model), kernels.get(model).heldArrays(), "model " + model);
                kernels.get(model).close();
            }
        }
    }

    @Test
    void incrementalStepsOfAModelWithoutGradientsUseItsStepWeights() {
        MxLstmKernel kernel = new MxLstmKernel(LAYERS);
        try (NDManager m = backend.engine().newBaseManager()) {
            NDManager owner = m.newSubManager();
            NDList params = new NDList();
            for (NDArray p : parameters(owner)) {
                params.add(p.stopGradient());
            }
            NDList ours = new NDList(
                    m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)),
                    m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)));
            NDList djls = ours;
            for (int step = 0; step < 3; step++) {
                NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, 1, IN));
                NDList a = kernel.forward(input, ours, params, 0f, false, true);
                NDList b = input.getNDArrayInternal()
                        .lstm(
                                input,
                                djls,
                                MxLstmKernel.weightsThenBiases(params, LAYERS),
                                true,
                                LAYERS,
                                0f,
                                false,
                                false,
                                true);
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(
                            b.get(k).toFloatArray(), a.get(k).toFloatArray(), 1e-5f, "output " + k + ", step " + step);
                }
                ours = new NDList(a.get(1), a.get(2));
                djls = new NDList(b.get(1), b.get(2));
            }
            List<NDArray> stepWeights = kernel.heldArrays();
            assertEquals(2 * LAYERS, stepWeights.size(), "one weight and one bias per layer, and no flat form");

            // given gradients, the parameters may change: the step weights no longer serve them
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            params.get(1).muli(2f);
            NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, 1, IN));
            NDArray a = kernel.forward(input, ours, params, 0f, false, true).head();
            NDArray b = input.getNDArrayInternal()
                    .lstm(
                            input,
                            ours,
                            MxLstmKernel.weightsThenBiases(params, LAYERS),
                            true,
                            LAYERS,
                            0f,
                            false,
                            false,
                            true)
                    .head();
            assertArrayEquals(b.toFloatArray(), a.toFloatArray(), 1e-5f, "after the change in place");
            assertSameArrays(stepWeights, kernel.heldArrays(), "the step weights are kept, not rebuilt");
            kernel.close();
            assertAllReleased(stepWeights, "freed with its kernel");
            owner.close();
        }
    }

    /** Runs the LSTM forward and backward, through the kernel or else DJL's LSTM; returns its output. */
    private float[] trainingPass(MxLstmKernel kernel, NDList params, NDArray input, NDList state, NDArray weighting) {
        try (GradientCollector collector = backend.engine().newGradientCollector()) {
            NDArray out = kernel != null
                    ? kernel.forward(input, state, params, 0f, true, true).head()
                    : input.getNDArrayInternal()
                            .lstm(
                                    input,
                                    state,
                                    MxLstmKernel.weightsThenBiases(params, LAYERS),
                                    true,
                                    LAYERS,
                                    0f,
                                    true,
                                    false,
                                    true)
                            .head();
            collector.backward(out.mul(weighting).sum());
            return out.toFloatArray();
        }
    }

    /** The LSTM parameters in core's layer-major order, with gradients. */
    private static NDList parameters(NDManager m) {
        NDList params = new NDList();
        for (int l = 0; l < LAYERS; l++) {
            params.add(m.randomUniform(-0.5f, 0.5f, new Shape(4 * HIDDEN, l == 0 ? IN : HIDDEN)));
            params.add(m.randomUniform(-0.5f, 0.5f, new Shape(4 * HIDDEN, HIDDEN)));
            params.add(m.randomUniform(-0.5f, 0.5f, new Shape(4 * HIDDEN)));
            params.add(m.randomUniform(-0.5f, 0.5f, new Shape(4 * HIDDEN)));
        }
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        return params;
    }

    static void assertSameArrays(List<NDArray> expected, List<NDArray> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int k = 0; k < expected.size(); k++) {
            assertSame(expected.get(k), actual.get(k), what + ", array " + k);
        }
    }

    static void assertAllReleased(List<NDArray> arrays, String what) {
        for (NDArray a : arrays) {
            assertTrue(((MxNDArray) a).isReleased(), what);
        }
    }

    static void assertNoneReleased(List<NDArray> arrays, String what) {
        for (NDArray a : arrays) {
            assertFalse(((MxNDArray) a).isReleased(), what);
        }
    }

    private static NDList copies(NDList params) {
        NDList out = new NDList();
        for (NDArray p : params) {
            NDArray c = p.duplicate();
            c.setRequiresGradient(true);
            out.add(c);
        }
        return out;
    }

    private static List<NDArray> gradients(NDList params) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray p : params) {
            out.add(p.getGradient());
        }
        return out;
    }
}

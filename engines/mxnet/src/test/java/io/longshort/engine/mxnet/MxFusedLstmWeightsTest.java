package io.longshort.engine.mxnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The LSTM through {@link MxFusedLstmWeights} (one flat parameter vector kept per model, gradients
 * as views of one flat gradient) against DJL's own MXNet LSTM, which flattens and concatenates the
 * parameters on every call: the same outputs and the same gradients, also after the parameters
 * change in place, and without gradients in inference; and the incremental step of a model
 * without gradients through {@link MxStepWeights}.
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
        try (NDManager m = backend.engine().newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            NDList params = parameters(m);
            NDList reference = copies(params);
            NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, STEPS, IN));
            NDList state = new NDList(m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)),
                    m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)));
            NDArray weighting = m.randomUniform(-1f, 1f, new Shape(BATCH, STEPS, HIDDEN));
            for (int round = 0; round < 3; round++) {
                float[] ours = trainingPass(params, input, state, weighting, true);
                float[] djls = trainingPass(reference, input, state, weighting, false);
                assertArrayEquals(djls, ours, 1e-5f, "outputs, round " + round);
                for (int k = 0; k < params.size(); k++) {
                    assertArrayEquals(reference.get(k).getGradient().toFloatArray(),
                            params.get(k).getGradient().toFloatArray(), 1e-5f,
                            "gradient of parameter " + k + ", round " + round);
                }
                // a plain SGD step on both copies, so that the next round reads changed values
                backend.sgdStep(params, gradients(params), 0.5f);
                backend.sgdStep(reference, gradients(reference), 0.5f);
                assertArrayEquals(reference.get(0).toFloatArray(), params.get(0).toFloatArray(), 1e-6f);
            }
            assertEquals(1, backend.fusedModels());
        }
        assertEquals(0, backend.fusedModels(), "the flat form is dropped with its model");
    }

    @Test
    void inferenceWithoutGradientsAndOneFlatFormPerModel() {
        try (NDManager m = backend.engine().newBaseManager()) {
            NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, STEPS, IN));
            NDList state = new NDList(m.zeros(new Shape(LAYERS, BATCH, HIDDEN)), m.zeros(new Shape(LAYERS, BATCH, HIDDEN)));
            List<NDManager> models = new ArrayList<>();
            for (int model = 0; model < MxBackend.MAX_CACHED_MODELS + 2; model++) {
                NDManager owner = m.newSubManager();
                models.add(owner);
                NDList params = new NDList();
                for (NDArray p : parameters(owner)) {
                    params.add(p.stopGradient());
                }
                assertFalse(params.get(0).hasGradient());
                NDArray ours = backend.lstm(input, state, params, LAYERS, 0f, false, true).head();
                NDArray djls = input.getNDArrayInternal().lstm(input, state,
                        MxBackend.weightsThenBiases(params, LAYERS), true, LAYERS, 0f, false, false, true).head();
                assertArrayEquals(djls.toFloatArray(), ours.toFloatArray(), 1e-6f, "model " + model);
            }
            assertEquals(MxBackend.MAX_CACHED_MODELS, backend.fusedModels(), "the oldest are dropped");
            models.get(models.size() - 1).close();
            assertEquals(MxBackend.MAX_CACHED_MODELS - 1, backend.fusedModels(), "a closed model's is dropped");
        }
    }

    @Test
    void incrementalStepsOfAModelWithoutGradientsUseItsStepWeights() {
        try (NDManager m = backend.engine().newBaseManager()) {
            NDManager owner = m.newSubManager();
            NDList params = new NDList();
            for (NDArray p : parameters(owner)) {
                params.add(p.stopGradient());
            }
            NDList ours = new NDList(m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)),
                    m.randomUniform(-1f, 1f, new Shape(LAYERS, BATCH, HIDDEN)));
            NDList djls = ours;
            for (int step = 0; step < 3; step++) {
                NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, 1, IN));
                NDList a = backend.lstm(input, ours, params, LAYERS, 0f, false, true);
                NDList b = input.getNDArrayInternal().lstm(input, djls, MxBackend.weightsThenBiases(params, LAYERS),
                        true, LAYERS, 0f, false, false, true);
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(b.get(k).toFloatArray(), a.get(k).toFloatArray(), 1e-5f,
                            "output " + k + ", step " + step);
                }
                ours = new NDList(a.get(1), a.get(2));
                djls = new NDList(b.get(1), b.get(2));
            }
            assertEquals(1, backend.stepWeightModels());

            // given gradients, the parameters may change: the step weights no longer serve them
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            params.get(1).muli(2f);
            NDArray input = m.randomUniform(-1f, 1f, new Shape(BATCH, 1, IN));
            NDArray a = backend.lstm(input, ours, params, LAYERS, 0f, false, true).head();
            NDArray b = input.getNDArrayInternal().lstm(input, ours, MxBackend.weightsThenBiases(params, LAYERS),
                    true, LAYERS, 0f, false, false, true).head();
            assertArrayEquals(b.toFloatArray(), a.toFloatArray(), 1e-5f, "after the change in place");
            owner.close();
            assertEquals(0, backend.stepWeightModels(), "dropped with its model");
        }
    }

    /** Runs the LSTM forward and backward; returns its output. */
    private float[] trainingPass(NDList params, NDArray input, NDList state, NDArray weighting, boolean ours) {
        try (GradientCollector collector = backend.engine().newGradientCollector()) {
            NDArray out = ours
                    ? backend.lstm(input, state, params, LAYERS, 0f, true, true).head()
                    : input.getNDArrayInternal().lstm(input, state, MxBackend.weightsThenBiases(params, LAYERS),
                            true, LAYERS, 0f, true, false, true).head();
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

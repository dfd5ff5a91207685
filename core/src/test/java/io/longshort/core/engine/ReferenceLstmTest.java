package io.longshort.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-Java LSTM against values worked out by hand from the gate equations. */
class ReferenceLstmTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** One unit, one input: W_ih holds the four gates' input weights, in the order i, f, g, o. */
    private static ReferenceLstm oneUnit(float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return new ReferenceLstm(1, 1, 1, List.of(wIh, wHh, bIh, bHh));
    }

    @Test
    void oneStepFollowsTheGateEquationsInTheOrderInputForgetCellOutput() {
        ReferenceLstm lstm = oneUnit(new float[] {1, 2, 3, 4}, new float[4], new float[4], new float[4]);
        double c0 = 0.5;
        ReferenceLstm.Result r = lstm.run(new double[] {1}, 1, 1, new double[] {0}, new double[] {c0});

        double c = sigmoid(2) * c0 + sigmoid(1) * Math.tanh(3);
        double h = sigmoid(4) * Math.tanh(c);
        assertEquals(c, r.c()[0], 1e-15);
        assertEquals(h, r.h()[0], 1e-15);
        assertArrayEquals(new double[] {h}, r.output(), 1e-15);
    }

    @Test
    void bothBiasesAndTheRecurrentWeightsEnterEveryGate() {
        ReferenceLstm lstm = oneUnit(
                new float[4], new float[] {1, 1, 1, 1}, new float[] {0.5f, 0, 0, 0}, new float[] {0.25f, 0, 0, 0});
        double h0 = 0.3;
        ReferenceLstm.Result r = lstm.run(new double[] {7}, 1, 1, new double[] {h0}, new double[] {0});

        double c = sigmoid(h0 + 0.75) * Math.tanh(h0);
        assertEquals(c, r.c()[0], 1e-7);
        assertEquals(sigmoid(h0) * Math.tanh(c), r.h()[0], 1e-7);
    }

    @Test
    void theStateCarriesFromStepToStepAndLayerToLayer() {
        float[] w = {1, 1, 1, 1};
        ReferenceLstm two =
                new ReferenceLstm(1, 1, 2, List.of(w, w, new float[4], new float[4], w, w, new float[4], new float[4]));
        ReferenceLstm.Result whole = two.run(new double[] {1, -1}, 2, 1, new double[2], new double[2]);
        ReferenceLstm.Result first = two.run(new double[] {1}, 1, 1, new double[2], new double[2]);
        ReferenceLstm.Result second = two.run(new double[] {-1}, 1, 1, first.h(), first.c());

        assertArrayEquals(whole.h(), second.h(), 0);
        assertArrayEquals(whole.c(), second.c(), 0);
        assertEquals(whole.output()[1], second.output()[0], 0);
        assertEquals(first.h()[1], first.output()[0], 0);
    }

    @Test
    void wrongParameterSizesAreRefusedWithTheirPlace() {
        List<float[]> params = new ArrayList<>(List.of(new float[16], new float[16], new float[8], new float[7]));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ReferenceLstm(2, 2, 1, params));
        assertEquals("Parameter 3 of layer 0 has 7 values, expected 8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReferenceLstm(2, 2, 2, params));
    }
}

package io.longshort.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.longshort.core.model.LogitGradient;

/**
 * The closed-form logit gradient of the cost on PyTorch ({@link LogitGradient}). It replaces
 * libtorch's log-softmax backward and the zero-filled 16 MB gradient of the pick (on the small
 * preset) with one in-place scale; the target entries are set with {@code index_put_} on a
 * {@code [positions, V]} view, and the backward pass is libtorch's {@code backward} with a head
 * gradient, which DJL's gradient collector does not pass (it always passes ones).
 */
final class PtLogitGradient extends LogitGradient {

    /** The instance; it holds no state. */
    static final PtLogitGradient INSTANCE = new PtLogitGradient();

    private PtLogitGradient() {}

    @Override
    protected void setTargetEntries(NDArray gradient, NDArray targets, NDArray values) {
        long vocabulary = gradient.getShape().get(gradient.getShape().dimension() - 1);
        NDArray ids = targets.reshape(-1).toType(DataType.INT64, false);
        NDArray positions = gradient.getManager().arange(0, (int) ids.size(), 1, DataType.INT64);
        // reshape of a contiguous tensor is a view: the put lands in gradient
        JniUtils.indexAdvPut(
                (PtNDArray) gradient.reshape(-1, vocabulary), new NDIndex("{}, {}", positions, ids), (PtNDArray)
                        values.reshape(-1));
    }

    @Override
    protected void backward(NDArray head, NDArray headGradient) {
        JniUtils.backward((PtNDArray) head, (PtNDArray) headGradient, false, false);
    }
}

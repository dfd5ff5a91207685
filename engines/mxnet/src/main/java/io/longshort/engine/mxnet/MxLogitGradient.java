package io.longshort.engine.mxnet;

import ai.djl.mxnet.engine.MxNDArray;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import com.sun.jna.Pointer;
import io.longshort.core.model.LogitGradient;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The closed-form logit gradient of the cost on MXNet ({@link LogitGradient}): MXNet 1.9.1
 * differentiates {@code log_softmax} with oneDNN's log-softmax backward, several times slower
 * than its forward on CPU. The target entries are set with {@code _scatter_set_nd} on the logits'
 * own shape (no reshape: MXNet's reshape operator copies the whole array each way), and the backward
 * pass is {@code MXAutogradBackwardEx}, whose head-gradient argument DJL's gradient collector does
 * not expose ({@link MxNative}).
 */
final class MxLogitGradient extends LogitGradient {

    /** The instance; it holds no state. */
    static final MxLogitGradient INSTANCE = new MxLogitGradient();

    private MxLogitGradient() {}

    /** Pauses MXNet's recording: MXNet records operators on any array while it records. */
    @Override
    protected <T> T unrecorded(Supplier<T> work) {
        return MxBackend.unrecorded(work);
    }

    /** Picks on the probabilities' own shape: MXNet's reshape operator copies. */
    @Override
    protected NDArray targetEntries(NDArray probabilities, NDArray targets) {
        int axis = probabilities.getShape().dimension() - 1;
        return probabilities.get(new NDIndex().addAllDim(axis).addPickDim(targets.toType(DataType.INT32, false)));
    }

    @Override
    protected void setTargetEntries(NDArray gradient, NDArray targets, NDArray values) {
        NDArray ids = targets.toType(DataType.INT32, false);
        PairList<String, Object> params = new PairList<>();
        params.add("shape", gradient.getShape().toString());
        gradient.getManager()
                .invoke(
                        "_scatter_set_nd",
                        new NDArray[] {gradient, values.reshape(targets.getShape()), positions(ids)},
                        new NDArray[] {gradient},
                        params);
    }

    /**
     * Returns the index of every position, one row per axis of {@code ids} and a last row with the
     * ids themselves: the {@code [ndim + 1, ...]} indices of {@code _scatter_set_nd}.
     */
    private static NDArray positions(NDArray ids) {
        Shape shape = ids.getShape();
        NDManager manager = ids.getManager();
        NDList rows = new NDList(shape.dimension() + 1);
        for (int d = 0; d < shape.dimension(); d++) {
            long[] along = new long[shape.dimension()];
            Arrays.fill(along, 1);
            along[d] = shape.get(d);
            rows.add(manager.arange(0, (int) shape.get(d), 1, DataType.INT32)
                    .reshape(new Shape(along))
                    .broadcast(shape));
        }
        rows.add(ids);
        return NDArrays.stack(rows);
    }

    @Override
    protected void backward(NDArray head, NDArray headGradient) {
        MxNative.check(
                MxNative.api()
                        .MXAutogradBackwardEx(
                                1,
                                new Pointer[] {((MxNDArray) head).getHandle()},
                                new Pointer[] {((MxNDArray) headGradient).getHandle()},
                                0,
                                null,
                                0,
                                0,
                                1,
                                null,
                                null),
                "backward pass");
    }
}

package io.longshort.engine.mxnet;

import ai.djl.mxnet.engine.MxNDArray;
import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.mxnet.jna.LibUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.longshort.core.model.Losses;
import java.util.Arrays;
import java.util.Map;

/**
 * The recipe's training cost on MXNet, with the backward pass started at the logits.
 *
 * <p>MXNet 1.9.1 differentiates {@code log_softmax} with oneDNN's log-softmax backward, which on
 * this project's AVX2 machine takes about 85 ms for the small preset's 400 x 10,000 logits (its
 * forward takes about 10). The gradient of the cost with respect to the logits is known in closed
 * form, {@code (softmax(logits) - onehot(targets)) / B}, so this class computes it with one
 * softmax, one scale and a scatter of one value per row, and hands it to MXNet's autograd as the
 * head gradient of the logits ({@code MXAutogradBackwardEx}, whose head-gradient argument DJL's
 * gradient collector does not expose). The rest of the backward pass (the softmax layer's product,
 * the LSTM, the embedding) is MXNet's own, as before.
 *
 * <p>The cost is {@code -sum(log(p_target)) / B} from the same softmax. Where a target's
 * probability underflows to zero in float (a logit gap of about 100), that would be infinite while
 * the log-softmax form is finite, so a non-finite result is recomputed with {@link Losses#cost};
 * a non-finite cost from non-finite logits stays non-finite, and the trainer reports divergence.
 */
final class LogitGradient {

    /** The one MXNet C function this class needs that DJL's bindings cannot pass a head gradient to. */
    interface Autograd extends Library {
        int MXAutogradBackwardEx(
                int numOutput,
                Pointer[] outputHandles,
                Pointer[] headGradientHandles,
                int numVariables,
                Pointer variableHandles,
                int retainGraph,
                int createGraph,
                int isTrain,
                PointerByReference gradientHandles,
                PointerByReference gradientStorageTypes);

        String MXGetLastError();
    }

    /** {@code dlopen}'s {@code RTLD_LAZY} on Linux; without {@code RTLD_GLOBAL} (0x100). */
    private static final int RTLD_LAZY = 1;

    private LogitGradient() {}

    /**
     * Computes the cost and issues the backward pass; see {@link
     * io.longshort.core.engine.Backend#backwardFromLogits}.
     *
     * @param logits the recorded {@code [..., V]} logits
     * @param targets the target ids
     * @param batchSize the batch size {@code B}
     * @return the cost, a scalar
     */
    static NDArray costAndBackward(NDArray logits, NDArray targets, long batchSize) {
        Shape shape = logits.getShape();
        int axis = shape.dimension() - 1;
        float scale = 1f / batchSize;
        NDArray headGradient;
        NDArray cost;
        NDArray detached;
        boolean recording = JnaUtils.autogradSetIsRecording(false);
        try {
            // no reshape of the logits or of their gradient: MXNet's reshape operator copies,
            // 16 MB each way for the small preset
            detached = logits.stopGradient();
            NDArray ids = targets.toType(DataType.INT32, false);
            NDArray probabilities = detached.softmax(axis);
            NDArray picked = probabilities.get(new NDIndex().addAllDim(axis).addPickDim(ids));
            cost = picked.log().sum().neg().div(batchSize);
            // (p - onehot) / B: scale every entry, then set each position's target entry to
            // (p_t - 1) / B
            NDArray values = picked.sub(1f).muli(scale).reshape(targets.getShape());
            headGradient = probabilities.muli(scale);
            PairList<String, Object> params = new PairList<>();
            params.add("shape", shape.toString());
            headGradient.getManager().invoke("_scatter_set_nd",
                    new NDArray[] {headGradient, values, positions(ids)}, new NDArray[] {headGradient}, params);
        } finally {
            JnaUtils.autogradSetIsRecording(recording);
        }
        backward(logits, headGradient);
        if (!Float.isFinite(cost.getFloat())) {
            cost = Losses.cost(detached, targets, batchSize);
        }
        return cost;
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
            rows.add(manager.arange(0, (int) shape.get(d), 1, DataType.INT32).reshape(new Shape(along)).broadcast(shape));
        }
        rows.add(ids);
        return NDArrays.stack(rows);
    }

    private static void backward(NDArray head, NDArray headGradient) {
        Autograd lib = Binding.LIB;
        int rc = lib.MXAutogradBackwardEx(1, new Pointer[] {((MxNDArray) head).getHandle()},
                new Pointer[] {((MxNDArray) headGradient).getHandle()}, 0, null, 0, 0, 1, null, null);
        if (rc != 0) {
            throw new IllegalStateException("MXNet's backward pass failed: " + lib.MXGetLastError());
        }
    }

    /**
     * The binding, loaded on first use (after DJL has loaded MXNet): the library DJL has already
     * loaded, opened the way DJL opens it, on Linux {@code RTLD_LAZY} without {@code RTLD_GLOBAL}.
     * JNA's default adds {@code RTLD_GLOBAL}, which would publish MXNet's bundled OpenBLAS to the
     * whole process, and libtorch, loaded in the same JVM, would then call its {@code sgemm_}
     * instead of its own.
     */
    private static final class Binding {
        static final Autograd LIB = Platform.isLinux()
                ? Native.load(LibUtils.getLibName(), Autograd.class, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY))
                : Native.load(LibUtils.getLibName(), Autograd.class);
    }
}

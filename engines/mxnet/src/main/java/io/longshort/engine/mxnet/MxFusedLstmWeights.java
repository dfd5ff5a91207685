package io.longshort.engine.mxnet;

import ai.djl.mxnet.engine.GradReq;
import ai.djl.mxnet.engine.MxNDArray;
import ai.djl.mxnet.engine.MxNDManager;
import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The LSTM parameters of one model held a second time as the one flat vector that MXNet's fused
 * RNN operator reads (kept by the model's {@link MxLstmKernel}), so that a forward pass neither flattens nor concatenates them and the
 * backward pass does not split the flat gradient again.
 *
 * <p>DJL's LSTM flattens each parameter (MXNet's reshape operator copies) and concatenates them
 * on every call, and the backward pass splits the flat gradient back, a visible share of MXNet's
 * operator time on the medium preset (see BENCHMARKS.md). Here:
 *
 * <ul>
 *   <li>the flat vector is allocated once per model, and before each call the current parameters
 *       are copied into it, one plain copy each, with recording paused;
 *   <li>the flat vector is an autograd variable with a flat gradient, and each parameter's
 *       gradient buffer is re-registered as a view of its part of that flat gradient. MXNet
 *       writes the gradients (DJL marks parameters with {@code write}), so the backward pass of
 *       the fused operator fills every parameter's gradient in place.
 * </ul>
 *
 * <p>The parameters stay the model's own arrays: saving, loading and the optimizer see nothing
 * different. Arrays that are replaced (loaded again) get a new instance.
 */
final class MxFusedLstmWeights {

    private final List<NDArray> sources;
    private final NDArray flat;
    private final NDArray flatGradient;
    private final List<NDArray> parts;

    private MxFusedLstmWeights(List<NDArray> sources, NDArray flat, NDArray flatGradient, List<NDArray> parts) {
        this.sources = sources;
        this.flat = flat;
        this.flatGradient = flatGradient;
        this.parts = parts;
    }

    /**
     * Allocates the flat vector for some parameters and, where they have gradients, makes their
     * gradients views of the flat gradient. Call with MXNet's recording paused.
     *
     * @param fusedOrder the parameters in the fused operator's order
     * @return the flat form, not yet filled: call {@link #refreshed()}
     */
    static MxFusedLstmWeights create(NDList fusedOrder) {
        MxNDManager manager = (MxNDManager) fusedOrder.get(0).getManager();
        long total = 0;
        for (NDArray p : fusedOrder) {
            total += p.getShape().size();
        }
        boolean withGradients = hasGradients(fusedOrder);
        NDArray flat = manager.zeros(new Shape(total), fusedOrder.get(0).getDataType());
        NDArray flatGradient = null;
        List<NDArray> parts = new ArrayList<>(fusedOrder.size());
        if (withGradients) {
            flatGradient = manager.zeros(flat.getShape(), flat.getDataType());
            markVariable(flat, flatGradient);
        }
        long offset = 0;
        for (NDArray p : fusedOrder) {
            long size = p.getShape().size();
            parts.add(view(manager, flat, offset, size, p.getShape()));
            if (withGradients) {
                try (NDArray gradient = view(manager, flatGradient, offset, size, p.getShape())) {
                    markVariable(p, gradient);
                }
            }
            offset += size;
        }
        return new MxFusedLstmWeights(new ArrayList<>(fusedOrder), flat, flatGradient, parts);
    }

    /**
     * Returns whether this is the flat form of exactly these arrays, in this order, with the same
     * gradient state (a flat gradient exactly when they have gradients).
     *
     * @param fusedOrder the parameters in the fused operator's order
     * @return whether {@link #refreshed()} computes their flat vector
     */
    boolean isFor(NDList fusedOrder) {
        return MxLstmKernel.sameArrays(sources, fusedOrder) && (flatGradient != null) == hasGradients(fusedOrder);
    }

    /**
     * Copies the parameters' current values into the flat vector and returns it. Call with
     * MXNet's recording paused: the copies are not part of the model's function.
     *
     * @return the flat vector, an autograd variable when the parameters have gradients
     */
    NDArray refreshed() {
        for (int k = 0; k < sources.size(); k++) {
            NDArray part = parts.get(k);
            part.getManager().invoke("_npi_copyto", new NDArray[] {sources.get(k)}, new NDArray[] {part}, null);
        }
        return flat;
    }

    /** Returns the arrays this instance allocated: the flat vector, its views and its gradient. */
    List<NDArray> arrays() {
        List<NDArray> all = new ArrayList<>(parts);
        all.add(flat);
        if (flatGradient != null) {
            all.add(flatGradient);
        }
        return all;
    }

    /**
     * Frees the flat vector, its gradient and its views. The parameters keep their gradients: views
     * of the flat gradient, whose memory MXNet frees only when the last view goes.
     */
    void close() {
        for (NDArray part : parts) {
            part.close();
        }
        flat.close();
        if (flatGradient != null) {
            flatGradient.close();
        }
    }

    private static boolean hasGradients(NDList arrays) {
        for (NDArray p : arrays) {
            if (!p.hasGradient()) {
                return false;
            }
        }
        return true;
    }

    /** Registers {@code gradient} as the gradient buffer of {@code array}, written by each backward pass. */
    private static void markVariable(NDArray array, NDArray gradient) {
        IntBuffer write = IntBuffer.wrap(new int[] {GradReq.WRITE.getValue()});
        JnaUtils.autogradMarkVariables(1, ((MxNDArray) array).getHandle(), write, ((MxNDArray) gradient).getHandle());
    }

    /** A view of {@code size} values of the 1-D {@code base} from {@code offset}, with {@code shape}. */
    private static NDArray view(MxNDManager manager, NDArray base, long offset, long size, Shape shape) {
        MxNative.Api api = MxNative.api();
        PointerByReference slice = new PointerByReference();
        MxNative.check(api.MXNDArraySlice64(((MxNDArray) base).getHandle(), offset, offset + size, slice), "slice");
        Pointer sliced = slice.getValue();
        PointerByReference shaped = new PointerByReference();
        int rc = api.MXNDArrayReshape64(sliced, shape.dimension(), shape.getShape(), (byte) 0, shaped);
        manager.create(sliced).close();
        MxNative.check(rc, "reshape");
        return manager.create(shaped.getValue());
    }
}

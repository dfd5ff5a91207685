package io.longshort.engine.mxnet;

import ai.djl.mxnet.jna.LibUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;

/**
 * The few MXNet C functions this plugin calls that DJL's bindings do not offer in the form it
 * needs, bound with JNA on first use (after DJL has loaded MXNet).
 *
 * <p>The library is the one DJL has already loaded, opened the way DJL opens it: on Linux {@code
 * RTLD_LAZY} without {@code RTLD_GLOBAL} (0x100). JNA's default adds {@code RTLD_GLOBAL}, which
 * would publish MXNet's bundled OpenBLAS to the whole process, and libtorch, loaded in the same
 * JVM, would then call its {@code sgemm_} instead of its own.
 */
final class MxNative {

    /** The functions, named and typed as in MXNet 1.9.1's {@code c_api.h}. */
    interface Api extends Library {
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

        /** A view of rows {@code [begin, end)} along axis 0, sharing the array's memory. */
        int MXNDArraySlice64(Pointer handle, long begin, long end, PointerByReference out);

        /** A view of the array with another shape, sharing its memory. */
        int MXNDArrayReshape64(Pointer handle, int ndim, long[] dims, byte reverse, PointerByReference out);

        String MXGetLastError();
    }

    /** {@code dlopen}'s {@code RTLD_LAZY} on Linux. */
    private static final int RTLD_LAZY = 1;

    private MxNative() {}

    /**
     * Returns the binding.
     *
     * @return the bound functions
     */
    static Api api() {
        return Holder.API;
    }

    /**
     * Throws when an MXNet C call failed.
     *
     * @param rc the call's return code
     * @param what what the call was doing, for the message
     */
    static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException("MXNet's " + what + " failed: " + Holder.API.MXGetLastError());
        }
    }

    private static final class Holder {
        static final Api API = Platform.isLinux()
                ? Native.load(LibUtils.getLibName(), Api.class, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY))
                : Native.load(LibUtils.getLibName(), Api.class);
    }
}

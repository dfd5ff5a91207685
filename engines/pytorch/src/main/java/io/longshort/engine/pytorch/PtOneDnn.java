package io.longshort.engine.pytorch;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns libtorch's use of oneDNN on and off, as Python's {@code torch.backends.mkldnn.enabled}
 * does: {@code at::globalContext().setUserEnabledMkldnn(bool)}, a process-wide switch that libtorch
 * reads on every call. With it off, {@code lstm} runs ATen's own implementation (matrix products
 * and element-wise operators) instead of oneDNN's RNN primitive. DJL's bindings do not offer it,
 * so it is called through JNA in the library DJL has already loaded.
 */
final class PtOneDnn {

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";

    /** {@code dlopen}'s {@code RTLD_LAZY}: opened as DJL opens it, not published process-wide. */
    private static final int RTLD_LAZY = 1;

    private PtOneDnn() {}

    /**
     * Sets whether libtorch may use oneDNN.
     *
     * @param enabled the new setting
     */
    static void setEnabled(boolean enabled) {
        Holder.function(SET_ENABLED).invokeVoid(new Object[] {Holder.context(), enabled});
    }

    private static final class Holder {
        static final NativeLibrary LIBRARY = open();

        private static NativeLibrary open() {
            String name = Platform.isMac()
                    ? "libtorch_cpu.dylib"
                    : Platform.isWindows() ? "torch_cpu.dll" : "libtorch_cpu.so";
            String path = Path.of(LibUtils.getLibtorchPath()).resolve(name).toString();
            return Platform.isLinux()
                    ? NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY))
                    : NativeLibrary.getInstance(path);
        }

        static Function function(String symbol) {
            return LIBRARY.getFunction(symbol);
        }

        static Pointer context() {
            return function(GLOBAL_CONTEXT).invokePointer(new Object[0]);
        }
    }
}

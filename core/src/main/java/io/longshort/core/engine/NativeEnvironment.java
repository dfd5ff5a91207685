package io.longshort.core.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Sets variables in the process's native environment, for native libraries that read their
 * settings from it when they load (OpenMP's {@code OMP_WAIT_POLICY}, MXNet's {@code MXNET_*}).
 * Java's own {@link System#getenv} does not see the change; the native libraries loaded after it
 * do. Engine plugins call it from {@link AbstractBackend#beforeEngineLoad()}.
 */
public final class NativeEnvironment {

    private NativeEnvironment() {}

    /** The C library's {@code setenv}. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Sets a variable unless the user's environment already has it.
     *
     * @param name the variable
     * @param value its value
     * @return whether it was set (false if it was already present, or on a platform without
     *     {@code setenv}, such as Windows)
     */
    public static boolean setIfAbsent(String name, String value) {
        if (System.getenv(name) != null || Platform.isWindows()) {
            return false;
        }
        try {
            LibC c = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
            return c.setenv(name, value, 0) == 0;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}

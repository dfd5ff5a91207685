package io.longshort.core.train;

/** The library's version, from the jar manifest when packaged. */
final class Versions {

    private Versions() {}

    static String longshort() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

package io.longshort.bench;

/**
 * A contender's name in {@code --engines}: an engine, then optionally {@code @N} intra-op threads
 * and {@code +variant} (aten, avx2 or launcher), as in {@code pytorch@2+aten}.
 *
 * @param engine the engine's name
 * @param threads the intra-op threads, or {@code null} for the engine's default
 * @param variant the variant, or {@code null} for none
 */
record EngineLabel(String engine, String threads, String variant) {

    static EngineLabel parse(String label) {
        int plus = label.indexOf('+');
        String variant = plus < 0 ? null : label.substring(plus + 1);
        String base = plus < 0 ? label : label.substring(0, plus);
        int at = base.indexOf('@');
        return new EngineLabel(at < 0 ? base : base.substring(0, at), at < 0 ? null : base.substring(at + 1), variant);
    }

    /** Whether the label is the engine's name alone, as a user of the command line gives it. */
    boolean plain() {
        return threads == null && variant == null;
    }
}

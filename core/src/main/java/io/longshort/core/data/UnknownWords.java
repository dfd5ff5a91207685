package io.longshort.core.data;

/** What to do with words of the valid and test splits that are not in the vocabulary. */
public enum UnknownWords {
    /** Leave them out, as the tutorial does. */
    DROP,
    /** Replace them with {@code <unk>}, which the vocabulary must hold. */
    MAP_TO_UNK
}

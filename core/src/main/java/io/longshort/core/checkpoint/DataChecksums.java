package io.longshort.core.checkpoint;

import io.longshort.core.data.Corpus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checksums of the data a model was trained on, recorded in its folder: the SHA-256 of each
 * split's word ids (each id as 4 bytes, big-endian), under the keys {@code train_sha256}, {@code
 * valid_sha256} and {@code test_sha256}. Two runs saw the same data exactly when the checksums
 * agree; {@code longshort test} uses them to check that the data it finds again is the data the
 * model was trained on.
 */
public final class DataChecksums {

    private DataChecksums() {}

    /**
     * Returns the checksums of a corpus's three splits.
     *
     * @param corpus the corpus
     * @return {@code train_sha256}, {@code valid_sha256} and {@code test_sha256}
     */
    public static Map<String, String> of(Corpus corpus) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(key("train"), sha256(corpus.train()));
        out.put(key("valid"), sha256(corpus.valid()));
        out.put(key("test"), sha256(corpus.test()));
        return out;
    }

    /**
     * Returns the record key of a split's checksum.
     *
     * @param split {@code train}, {@code valid} or {@code test}
     * @return the key, such as {@code test_sha256}
     */
    public static String key(String split) {
        return split + "_sha256";
    }

    /**
     * Returns the SHA-256 of an id stream, in lower-case hex.
     *
     * @param ids the ids
     * @return 64 hex digits
     */
    public static String sha256(int[] ids) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[4 * 4096];
        int n = 0;
        for (int id : ids) {
            buffer[n++] = (byte) (id >>> 24);
            buffer[n++] = (byte) (id >>> 16);
            buffer[n++] = (byte) (id >>> 8);
            buffer[n++] = (byte) id;
            if (n == buffer.length) {
                digest.update(buffer, 0, n);
                n = 0;
            }
        }
        digest.update(buffer, 0, n);
        return HexFormat.of().formatHex(digest.digest());
    }
}

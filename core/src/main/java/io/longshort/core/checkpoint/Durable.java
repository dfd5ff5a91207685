package io.longshort.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * File-system steps that make a write survive a crash: force a file's or a folder's content to
 * the disk, hash a file, move a file or folder into place, delete a tree. Every method throws the
 * {@link IOException} it meets.
 */
public final class Durable {

    private Durable() {}

    /**
     * Forces a file's content (or a folder's entries) to the disk ({@code fsync}).
     *
     * @param path a regular file or a folder
     * @throws IOException if the disk refuses
     */
    static void sync(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (FileChannel dir = FileChannel.open(path, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // some file systems (and other operating systems) cannot open a folder for fsync;
                // the rename that follows is still atomic, only its durability is weaker
                if (Files.exists(path)) {
                    return;
                }
                throw e;
            }
            return;
        }
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.force(true);
        }
    }

    /**
     * Returns the SHA-256 of a file as lower-case hex.
     *
     * @param file the file
     * @return its digest
     * @throws IOException if reading fails
     */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Moves a file or folder into place, replacing a file there: atomically where the file system
     * can, else by a plain move.
     *
     * @param from the file or folder to move
     * @param to where it goes
     * @throws IOException if the move fails
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a folder and everything in it; a missing folder is fine.
     *
     * @param dir the folder
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package io.longshort.cli;

import io.longshort.core.Reasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A stable name for the newest model a command saved under a name of its own: {@code demo} saves
 * to {@code runs/demo-ENGINE-TIME} and points the symbolic link {@code runs/demo} at it, so that
 * {@code --model runs/demo} always finds the newest demo model and no earlier model is touched.
 *
 * <p>The link is replaced atomically: a new link is made beside it and renamed over it, so a
 * reader sees the old target or the new one, never no link. A file or folder of that name that is
 * not a symbolic link was put there by someone else and is left as it is.
 */
final class LatestLink {

    private LatestLink() {}

    /**
     * Points {@code link} at {@code model} and says so.
     *
     * @param link the stable name, such as {@code runs/demo}
     * @param model the model folder just saved
     * @return what to add to the line that names the model folder: {@code " (also at LINK)"}, or
     *     why the link was not made
     */
    static String point(Path link, Path model) {
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            return " (" + link + " is not a link made by longshort, so it was left as it is)";
        }
        Path abs = link.toAbsolutePath().normalize();
        Path modelAbs = model.toAbsolutePath().normalize();
        // relative when they are side by side, so that the runs folder can be moved as a whole
        Path target = modelAbs.getParent().equals(abs.getParent()) ? modelAbs.getFileName() : modelAbs;
        Path fresh = abs.resolveSibling("." + abs.getFileName() + "." + UUID.randomUUID() + ".link");
        try {
            Files.createSymbolicLink(fresh, target);
            Files.move(fresh, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return " (also at " + link + ")";
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            try {
                Files.deleteIfExists(fresh);
            } catch (IOException ignored) {
                // a stray hidden link is harmless
            }
            return " (" + link + " could not be pointed at it: " + Reasons.of(e) + ")";
        }
    }
}

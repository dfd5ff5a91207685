package io.longshort.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line as the user started it, for messages that give a command to paste: the
 * launcher's name as typed ({@code examples/bin/longshort} passes it as the system property
 * {@value #PROPERTY}), else {@code longshort}.
 */
final class Launcher {

    /** The system property holding the launcher's name as the user typed it. */
    static final String PROPERTY = "longshort.launcher";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private Launcher() {}

    /**
     * Returns a command to paste into a POSIX shell: the launcher and the arguments, each quoted
     * where the shell would split or expand it.
     *
     * @param args the arguments
     * @return the command
     */
    static String command(String... args) {
        String name = System.getProperty(PROPERTY);
        List<String> words = new ArrayList<>();
        words.add(name == null || name.isBlank() ? "longshort" : quote(name));
        for (String a : args) {
            words.add(quote(a));
        }
        return String.join(" ", words);
    }

    private static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}

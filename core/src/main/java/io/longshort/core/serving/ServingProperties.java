package io.longshort.core.serving;

import java.util.Properties;

/**
 * The {@value #FILE} that makes a model folder loadable by DJL's {@code Criteria} and DJL
 * Serving: it names the translator factory and the block factory, and tells DJL that the block
 * factory reads the parameters itself ({@code option.hasParameter=false}).
 */
public final class ServingProperties {

    /** The file name DJL looks for in a model folder. */
    public static final String FILE = "serving.properties";

    private ServingProperties() {}

    /**
     * Returns the properties written into every model folder.
     *
     * @return the properties
     */
    public static Properties properties() {
        Properties p = new Properties();
        p.setProperty("translatorFactory", LanguageModelTranslatorFactory.class.getName());
        p.setProperty("blockFactory", LanguageModelBlockFactory.class.getName());
        p.setProperty("option.hasParameter", "false");
        return p;
    }

    /**
     * Returns the text of the file.
     *
     * @return the file content
     */
    public static String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by longshort: lets DJL's Criteria and DJL Serving load this model folder.\n");
        sb.append("translatorFactory=")
                .append(LanguageModelTranslatorFactory.class.getName())
                .append('\n');
        sb.append("blockFactory=")
                .append(LanguageModelBlockFactory.class.getName())
                .append('\n');
        sb.append("# the block factory reads parameters.params itself\n");
        sb.append("option.hasParameter=false\n");
        return sb.toString();
    }
}

package io.stacksdataverse.host;

import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** Where the test-only fixture plugin is found: a folder holding its services file, added to a class path on demand. */
final class FixturePlugins {
    private FixturePlugins() {
    }

    private static URL folder() {
        return FixturePlugins.class.getResource("/fixture-plugin/");
    }

    /** The test class loader with the fixture plugin's services file. */
    static ClassLoader loader() {
        return new URLClassLoader(new URL[] {folder()}, FixturePlugins.class.getClassLoader());
    }

    /** The folder to add to a child process's class path. */
    static String classPath() {
        try {
            return Path.of(folder().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

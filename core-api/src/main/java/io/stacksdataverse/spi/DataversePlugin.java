package io.stacksdataverse.spi;

import com.google.inject.Module;
import java.util.List;

/**
 * A plugin: found by {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.stacksdataverse.spi.DataversePlugin}), it contributes a Guice module
 * and the tasks it offers. Every method but {@link #name()} has a default, so a plugin overrides
 * only what it offers.
 *
 * <p>The host installs the modules of all plugins into one injector, next to the core bindings
 * ({@link Config}, {@link java.time.Clock}), and asks that injector for an instance of each task
 * class. A plugin that needs a warehouse table adds {@link SchemaMigration}s with a Guice
 * {@code Multibinder}.
 */
public interface DataversePlugin {

    /** A short unique name, shown by {@code dataverse list}. */
    String name();

    /** Bindings this plugin contributes (clients, sources, migrations). */
    default com.google.inject.Module module() {
        return binder -> {
        };
    }

    /**
     * The settings this plugin reads, with their defaults and meanings: {@code dataverse config}
     * lists them and their declared defaults apply when a setting is unset.
     */
    default List<Setting> settings() {
        return List.of();
    }

    /** The task classes this plugin offers; each is created by the injector. */
    default List<Class<? extends Task>> tasks() {
        return List.of();
    }

    /** An empty module, for plugins built in code. */
    static Module noBindings() {
        return binder -> {
        };
    }
}

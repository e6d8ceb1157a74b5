package io.stacksdataverse.host;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import io.stacksdataverse.loaders.blob.BlobStoreModule;
import io.stacksdataverse.loaders.blob.BlobStores;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.SchemaMigrator;
import io.stacksdataverse.loaders.warehouse.WarehouseMigrations;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.BlobStoreFactory;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.RawStore;
import io.stacksdataverse.spi.SchemaMigration;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.Warehouse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: finds the plugins with {@link ServiceLoader}, binds the stores chosen by
 * configuration, installs every plugin's Guice module into one injector, brings the warehouse
 * schema up to date and asks the injector for each plugin's tasks.
 */
public final class Host implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);

    private final Config config;
    private final Clock clock;
    private final List<DataversePlugin> plugins;
    private final Map<String, String> pluginOfTask;
    private final TaskGraph graph;
    private final BlobStore blobs;
    private final RawStore raw;
    private final OpenedStores opened;
    private final Warehouse warehouse;
    private final EmbeddedWarehouse embedded;
    private final TaskRunLog runLog;
    private final TaskTimeouts timeouts;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Host(Config config, Clock clock, List<DataversePlugin> plugins, Map<String, String> pluginOfTask, TaskGraph graph,
                 BlobStore blobs, RawStore raw, OpenedStores opened, Warehouse warehouse, EmbeddedWarehouse embedded,
                 TaskTimeouts timeouts) {
        this.opened = opened;
        this.timeouts = timeouts;
        this.config = config;
        this.clock = clock;
        this.plugins = plugins;
        this.pluginOfTask = pluginOfTask;
        this.graph = graph;
        this.blobs = blobs;
        this.raw = raw;
        this.warehouse = warehouse;
        this.embedded = embedded;
        this.runLog = new TaskRunLog(warehouse, blobs);
    }

    /** Plugins found by {@link ServiceLoader} in {@code loader}. */
    public static List<DataversePlugin> discoverPlugins(ClassLoader loader) {
        List<DataversePlugin> found = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (DataversePlugin p : ServiceLoader.load(DataversePlugin.class, loader)) {
            if (!names.add(p.name())) {
                throw new IllegalStateException("two plugins are named '" + p.name() + "'");
            }
            found.add(p);
        }
        found.sort(java.util.Comparator.comparing(DataversePlugin::name));
        return found;
    }

    /** Starts a host with the plugins of the context class loader. */
    public static Host start(Config config) {
        return start(config, Clock.systemUTC(), discoverPlugins(Thread.currentThread().getContextClassLoader()));
    }

    /** {@code DATAVERSE_DISABLED_TASKS}: task ids, separated by commas, that the operator turned off. */
    private static Set<String> disabledByConfig(Config config) {
        Set<String> ids = new java.util.TreeSet<>();
        for (String id : config.get("DATAVERSE_DISABLED_TASKS").orElse("").split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        return ids;
    }

    public static Host start(Config config, Clock clock, List<DataversePlugin> plugins) {
        EmbeddedWarehouse embedded = null;
        OpenedStores opened = new OpenedStores();
        Warehouse warehouse;
        java.time.Duration statementTimeout = HostConfig.warehouseStatementTimeout(config);
        if (config.get("DATAVERSE_DB_URL").isPresent()) {
            warehouse = PostgresWarehouse.connect(config.require("DATAVERSE_DB_URL"), config.get("DATAVERSE_DB_USER").orElse(null),
                    config.secret("DATAVERSE_DB_PASSWORD").orElse(null), statementTimeout);
        } else {
            embedded = EmbeddedWarehouse.start(HostConfig.home(config).resolve("postgres"), statementTimeout);
            warehouse = embedded.warehouse();
        }
        try {
            Module core = new AbstractModule() {
                @Override
                protected void configure() {
                    bind(Config.class).toInstance(config);
                    bind(Clock.class).toInstance(clock);
                    install(new BlobStoreModule());
                    bind(Warehouse.class).toInstance(warehouse);
                    Multibinder<SchemaMigration> migrations = Multibinder.newSetBinder(binder(), SchemaMigration.class);
                    WarehouseMigrations.all().forEach(m -> migrations.addBinding().toInstance(m));
                    HostMigrations.all().forEach(m -> migrations.addBinding().toInstance(m));
                }

                /** The store whose scheme {@code DATAVERSE_BLOB_STORE} names, among those bound by scheme. */
                @Provides
                @Singleton
                BlobStore blobs(Map<String, BlobStoreFactory> schemes) {
                    return opened.add(BlobStores.open(schemes, config));
                }

                /** The raw zone: in {@code DATAVERSE_RAW_STORE} when set, else beside the datasets. */
                @Provides
                @Singleton
                RawStore raw(Map<String, BlobStoreFactory> schemes, BlobStore blobs) {
                    return new BlobRawStore(config.get("DATAVERSE_RAW_STORE").isEmpty() ? blobs
                            : opened.add(BlobStores.open(schemes, "DATAVERSE_RAW_STORE", config.require("DATAVERSE_RAW_STORE"), config)));
                }
            };
            List<Module> modules = new ArrayList<>();
            modules.add(core);
            plugins.forEach(p -> modules.add(p.module()));
            Injector injector = createInjector(modules);
            BlobStore blobs = injector.getInstance(BlobStore.class);
            RawStore raw = injector.getInstance(RawStore.class);

            Set<SchemaMigration> migrations = injector.getInstance(com.google.inject.Key.get(
                    new com.google.inject.TypeLiteral<Set<SchemaMigration>>() { }));
            List<SchemaMigration> applied = SchemaMigrator.migrate(warehouse.dataSource(), migrations);
            if (!applied.isEmpty()) {
                LOG.info("warehouse schema: {} migration(s) applied", applied.size());
            }

            Map<String, String> pluginOfTask = new LinkedHashMap<>();
            List<Task> tasks = new ArrayList<>();
            Set<String> disabled = disabledByConfig(config);
            for (DataversePlugin plugin : plugins) {
                for (Class<? extends Task> type : plugin.tasks()) {
                    Task task = injector.getInstance(type);
                    tasks.add(disabled.contains(task.id()) ? new DisabledTask(task) : task);
                    pluginOfTask.put(task.id(), plugin.name());
                }
            }
            List<String> unknown = disabled.stream().filter(id -> !pluginOfTask.containsKey(id)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("DATAVERSE_DISABLED_TASKS names no task of any plugin: " + String.join(", ", unknown)
                        + " (./dataverse list shows the tasks)");
            }
            TaskGraph graph = new TaskGraph(tasks);
            TaskTimeouts timeouts = TaskTimeouts.of(config, pluginOfTask.keySet());
            return new Host(config, clock, List.copyOf(plugins), pluginOfTask, graph, blobs, raw, opened, warehouse, embedded,
                    timeouts);
        } catch (SQLException | RuntimeException e) {
            opened.closeAll();
            if (embedded != null) {
                embedded.close();
            }
            throw e instanceof SQLException sql ? new IllegalStateException("warehouse schema: " + sql.getMessage(), sql)
                    : (RuntimeException) e;
        }
    }

    /** The injector, or the plain error the first failing binding threw (e.g. a store that cannot open) instead of Guice's report. */
    private static Injector createInjector(List<Module> modules) {
        try {
            return Guice.createInjector(Stage.PRODUCTION, modules);
        } catch (com.google.inject.CreationException e) {
            // The first error is the root: the raw store's binding then fails too, for want of the blob store.
            if (e.getErrorMessages().iterator().next().getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public List<DataversePlugin> plugins() {
        return plugins;
    }

    public String pluginOf(String taskId) {
        return pluginOfTask.getOrDefault(taskId, "?");
    }

    public TaskGraph graph() {
        return graph;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public RawStore raw() {
        return raw;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public TaskRunLog runLog() {
        return runLog;
    }

    public LocalRunner runner() {
        return runner(false);
    }

    /** A runner; with {@code replay}, its tasks read every source answer from the raw zone and send no request. */
    public LocalRunner runner(boolean replay) {
        return LocalRunner.builder(graph).blobs(blobs).raw(raw).warehouse(warehouse).clock(clock)
                .redactor(config::redact).replay(replay).timeouts(timeouts).build();
    }

    /** A task (or an upstream task of it, transitively) that is disabled, if {@code task} depends on one. */
    public Optional<String> disabledUpstream(Task task) {
        return graph.withUpstream(task.id()).stream()
                .filter(t -> !t.id().equals(task.id()) && t.disabledReason().isPresent()).map(Task::id).findFirst();
    }

    /** Where the working data lives by default. */
    public Path home() {
        return HostConfig.home(config);
    }

    /** Closes the stores and stops an embedded database; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        opened.closeAll();
        if (embedded != null) {
            embedded.close();
        } else if (warehouse instanceof PostgresWarehouse pooled) {
            pooled.close();
        }
    }
}

package io.stacksdataverse.host;

import io.stacksdataverse.loaders.testing.TestPostgres;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment of a host on a fresh warehouse database and a blob folder under {@code dir}, quick to poll, without retries. */
final class LocalHostEnv {
    private LocalHostEnv() {
    }

    /** A mutable map, for the test to add its sources. */
    static Map<String, String> at(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl());
        env.put("DATAVERSE_BLOB_STORE", "file:" + dir.resolve("blobs"));
        env.put("DATAVERSE_HOME", dir.toString());
        env.put("DATAVERSE_POLLING_INTERVAL", "PT0.1S");
        env.put("DATAVERSE_TASK_RETRIES", "0");
        return env;
    }
}

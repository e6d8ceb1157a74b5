package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An unreachable warehouse fails the command within seconds, naming the host, the port and the driver's reason. */
class UnreachableDatabaseIT {
    @Test
    void aRefusedConnectionFailsFastWithItsReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/warehouse?password=pw-secret-553";
        long started = System.nanoTime();
        CliHarness.Result result = CliHarness.run(Map.of("DATAVERSE_DB_URL", url), getClass().getClassLoader(), "list");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.exitCode()).isEqualTo(Main.FAILED);
        assertThat(result.err()).contains("cannot connect to the warehouse at jdbc:postgresql://127.0.0.1:" + closedPort + "/warehouse")
                .containsIgnoringCase("refused").doesNotContain("pw-secret-553");
        assertThat(millis).as("well before a 30-second pool timeout").isLessThan(15_000);
    }

    @Test
    void anUnreachableStacksDatabaseFailsItsTaskWithTheReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("DATAVERSE_DB_URL", io.stacksdataverse.loaders.testing.TestPostgres.newDatabaseUrl());
        env.put("DATAVERSE_BLOB_STORE", "file:" + java.nio.file.Files.createTempDirectory("unreachable"));
        env.put("STACKS_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/stacks");
        CliHarness.Result result = CliHarness.run(env, getClass().getClassLoader(), "run", "daily_txs", "--date", "2024-06-01");

        assertThat(result.exitCode()).isEqualTo(Main.FAILED);
        assertThat(result.all()).contains("127.0.0.1:" + closedPort).containsIgnoringCase("refused");
    }
}

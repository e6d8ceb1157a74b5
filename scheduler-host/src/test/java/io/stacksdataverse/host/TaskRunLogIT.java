package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.SchemaMigrator;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How results are handed downstream: small ones in the row, large ones as a private blob the row points to. */
class TaskRunLogIT {
    @TempDir
    Path dir;

    @Test
    void anAttemptOvertakenByANewerOneRecordsOnlyItsKeys() throws Exception {
        PostgresWarehouse warehouse = TestPostgres.newWarehouse();
        SchemaMigrator.migrate(warehouse.dataSource(), HostMigrations.all());
        TaskRunLog log = new TaskRunLog(warehouse, new LocalBlobStore(dir, false));
        log.plan("run-2", ScheduleGroup.DAILY, LocalDate.of(2024, 6, 1), true, false, List.of("t"));
        int first = log.claim("run-2", "t", true, "host-a/1").orElseThrow();
        log.keyPublished("run-2", "t", first, "t/latest.json.gz");
        int second = log.claim("run-2", "t", true, "host-b/2").orElseThrow(); // host-a was taken for dead

        // host-a was only paused: its attempt ends late, after the newer one began.
        log.finish("run-2", "t", first, TaskOutcome.failed("t", "late").withPublishedKeys(List.of("t/latest.json.gz", "t/extra.json")));
        assertThat(log.statuses("run-2")).containsEntry("t", RunStatus.RUNNING);
        log.attemptEnded("run-2", "t", first, AttemptStatus.FAILED, "late again", List.of());
        log.finish("run-2", "t", second, TaskOutcome.succeeded("t", TaskResult.builder().value("n", 1).build()));

        assertThat(log.entries("run-2").get("t").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(log.entries("run-2").get("t").message()).isEmpty();
        assertThat(log.attempts("run-2", "t")).extracting(TaskRunLog.Attempt::status).containsExactly(AttemptStatus.LOST, AttemptStatus.SUCCEEDED);
        assertThat(log.publishedKeys("run-2")).as("what the late attempt wrote is still invalidated")
                .containsExactly("t/extra.json", "t/latest.json.gz");
    }

    @Test
    void aLargeResultIsKeptAsABlobAndReadBackWhole() throws Exception {
        PostgresWarehouse warehouse = TestPostgres.newWarehouse();
        SchemaMigrator.migrate(warehouse.dataSource(), HostMigrations.all());
        LocalBlobStore blobs = new LocalBlobStore(dir, false);
        TaskRunLog log = new TaskRunLog(warehouse, blobs);
        LocalDate date = LocalDate.of(2024, 6, 1);
        log.plan("run-1", ScheduleGroup.DAILY, date, true, false, List.of("big", "small"));

        StringBuilder principals = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            principals.append(i == 0 ? "" : ",").append("SP").append(i);
        }
        TaskResult big = TaskResult.builder().output("file:/x/big.json.gz").value("principals", principals).value("count", 10_000)
                .build();
        TaskResult small = TaskResult.builder().output("file:/x/small.json.gz").value("count", 3).build();
        log.finish("run-1", "big", log.claim("run-1", "big", false, "test").orElseThrow(), TaskOutcome.succeeded("big", big));
        log.finish("run-1", "small", log.claim("run-1", "small", false, "test").orElseThrow(), TaskOutcome.succeeded("small", small));

        assertThat(log.entries("run-1").get("big").result()).contains(big);
        assertThat(log.lastSuccess("big", date)).contains(big);
        assertThat(log.entries("run-1").get("small").result()).contains(small);
        var dsl = PostgresWarehouse.dsl(warehouse);
        String bigRow = dsl.fetchOne("SELECT result::text FROM dataverse_task_runs WHERE task_id = 'big'").get(0, String.class);
        assertThat(bigRow).contains("\"values_blob\": \"dataverse-results/run-1/big.json.gz\"").contains("file:/x/big.json.gz")
                .doesNotContain("SP9999").hasSizeLessThan(200);
        assertThat(blobs.info("dataverse-results/run-1/big.json.gz")).isPresent();
        assertThat(dsl.fetchOne("SELECT result::text FROM dataverse_task_runs WHERE task_id = 'small'").get(0, String.class))
                .doesNotContain("values_blob").contains("\"count\": \"3\"");
        assertThat(blobs.list("dataverse-results/")).containsExactly("dataverse-results/run-1/big.json.gz");
        assertThat(log.newestSuccesses().get("big").outputs()).containsExactly("file:/x/big.json.gz");
    }
}

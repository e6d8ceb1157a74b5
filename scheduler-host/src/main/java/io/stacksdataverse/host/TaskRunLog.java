package io.stacksdataverse.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Warehouse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The host's record of task executions ({@code dataverse_task_runs}): one row per task of a run,
 * from PLANNED to SUCCEEDED, FAILED or SKIPPED, with the result handed to downstream tasks (in the
 * row, or above {@value #INLINE_RESULT_LIMIT} characters as a private blob the row points to), and
 * each attempt ({@code dataverse_task_attempts}). It is how tasks of one DAG run, executed by the
 * scheduler possibly on different hosts, pass results.
 */
public final class TaskRunLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A result whose JSON is longer is kept as a private blob, and the row points to it. */
    static final int INLINE_RESULT_LIMIT = 64 * 1024;
    private final DSLContext dsl;
    private final BlobStore blobs;

    TaskRunLog(Warehouse warehouse, BlobStore blobs) {
        this.dsl = PostgresWarehouse.dsl(warehouse);
        this.blobs = blobs;
    }

    /** One row of the log. */
    public record Entry(String runId, String taskId, RunStatus status, int attempts, Optional<TaskResult> result, String message) {
        public boolean isTerminal() {
            return status.isTerminal();
        }
    }

    /** Plans a run: one PLANNED row per task (a second call with the same run id changes nothing). */
    public void plan(String runId, ScheduleGroup group, LocalDate date, boolean latest, boolean full, List<String> taskIds) {
        for (String taskId : taskIds) {
            dsl.execute("INSERT INTO dataverse_task_runs (run_id, task_id, schedule_group, execution_date, latest, full_rebuild, status)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'PLANNED') ON CONFLICT DO NOTHING",
                    runId, taskId, group.cliName(), date, latest, full);
        }
    }

    /**
     * Claims a planned task for an attempt by the scheduler named {@code executedBy} (with
     * {@code retry}, also a running one: a retry, or an attempt whose host stopped); returns the
     * attempt's number, empty when the task has already ended. The attempt is recorded in
     * {@code dataverse_task_attempts}; an earlier attempt still marked running is marked LOST.
     */
    public OptionalInt claim(String runId, String taskId, boolean retry, String executedBy) {
        return dsl.fetchOptional("WITH claimed AS (UPDATE dataverse_task_runs SET status = 'RUNNING', attempts = attempts + 1,"
                        + " started_at = now(), executed_by = ? WHERE run_id = ? AND task_id = ?"
                        + " AND (status = 'PLANNED' OR (? AND status = 'RUNNING')) RETURNING run_id, task_id, attempts),"
                        + " lost AS (UPDATE dataverse_task_attempts a SET status = 'LOST', finished_at = now(),"
                        + " message = 'its host stopped before the attempt ended' FROM claimed c"
                        + " WHERE a.run_id = c.run_id AND a.task_id = c.task_id AND a.status = 'RUNNING'),"
                        + " attempt AS (INSERT INTO dataverse_task_attempts (run_id, task_id, attempt, executed_by, status)"
                        + " SELECT run_id, task_id, attempts, ?, 'RUNNING' FROM claimed)"
                        + " SELECT attempts FROM claimed", executedBy, runId, taskId, retry, executedBy)
                .map(r -> OptionalInt.of(r.get(0, Integer.class))).orElse(OptionalInt.empty());
    }

    /**
     * Records, before it is written, a public key that attempt {@code attempt} changes: the record
     * outlives a host that dies in the middle of the task, so the key is still invalidated.
     */
    public void keyPublished(String runId, String taskId, int attempt, String key) {
        String add = "CASE WHEN ? = ANY(published_keys) THEN published_keys ELSE array_append(published_keys, ?::text) END";
        dsl.execute("WITH attempt AS (UPDATE dataverse_task_attempts SET published_keys = " + add
                + " WHERE run_id = ? AND task_id = ? AND attempt = ?)"
                + " UPDATE dataverse_task_runs SET published_keys = " + add + " WHERE run_id = ? AND task_id = ?",
                key, key, runId, taskId, attempt, key, key, runId, taskId);
    }

    /**
     * Records an attempt that ended without ending the task ({@code FAILED}: it will be retried;
     * {@code INTERRUPTED}: cut short by a stop), and the public keys it changed before that. An
     * attempt that is no longer the task's current one (its host was taken for dead meanwhile)
     * changes only its own keys.
     */
    public void attemptEnded(String runId, String taskId, int attempt, AttemptStatus status, String message,
                             List<String> publishedKeys) {
        if (status != AttemptStatus.FAILED && status != AttemptStatus.INTERRUPTED) {
            throw new IllegalArgumentException("an attempt that does not end its task is FAILED or INTERRUPTED, not " + status);
        }
        String[] keys = publishedKeys.toArray(String[]::new);
        dsl.execute("WITH attempt AS (UPDATE dataverse_task_attempts SET status = ?, message = ?, published_keys = " + MERGE_KEYS + ","
                + " finished_at = now() WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = 'RUNNING')"
                + " UPDATE dataverse_task_runs SET message = CASE WHEN attempts = ? AND status = 'RUNNING' THEN ? ELSE message END,"
                + " published_keys = " + MERGE_KEYS + " WHERE run_id = ? AND task_id = ?",
                status.name(), message, keys, runId, taskId, attempt, attempt, message, keys, runId, taskId);
    }

    /**
     * Records how a claimed (running) task ended with its attempt {@code attempt}; the public keys
     * it changed join those of its earlier attempts. Only the task's current attempt ends the task:
     * one abandoned meanwhile stays abandoned, and an attempt overtaken by a newer one (its host
     * was taken for dead) records only its keys. Returns whether this call ended the task.
     */
    public boolean finish(String runId, String taskId, int attempt, TaskOutcome outcome) {
        String json = outcome.result().map(r -> store(runId, taskId, r)).orElse(null);
        String[] keys = outcome.publishedKeys().toArray(String[]::new);
        String current = "attempts = ? AND status = 'RUNNING'";
        // finished_at = now() (this transaction's time) exactly when this statement ended the task.
        return dsl.fetchOptional("WITH attempt AS (UPDATE dataverse_task_attempts SET status = ?, message = ?, published_keys = "
                + MERGE_KEYS + ", finished_at = now() WHERE run_id = ? AND task_id = ? AND attempt = ? AND status = 'RUNNING')"
                + " UPDATE dataverse_task_runs SET status = CASE WHEN " + current + " THEN ? ELSE status END,"
                + " result = CASE WHEN " + current + " THEN ?::jsonb ELSE result END,"
                + " message = CASE WHEN " + current + " THEN ? ELSE message END,"
                + " finished_at = CASE WHEN " + current + " THEN now() ELSE finished_at END,"
                + " published_keys = " + MERGE_KEYS + " WHERE run_id = ? AND task_id = ?"
                + " RETURNING finished_at IS NOT DISTINCT FROM now() AS ended",
                AttemptStatus.of(outcome.status()).name(), outcome.message(), keys, runId, taskId, attempt,
                attempt, RunStatus.of(outcome.status()).name(), attempt, json, attempt, outcome.message(), attempt, keys, runId, taskId)
                .map(r -> r.get(0, Boolean.class)).orElse(false);
    }

    /** The status of each task of the run (cheaper than {@link #entries}: no result is read). */
    public Map<String, RunStatus> statuses(String runId) {
        Map<String, RunStatus> out = new LinkedHashMap<>();
        for (Record r : dsl.fetch("SELECT task_id, status FROM dataverse_task_runs WHERE run_id = ? ORDER BY task_id", runId)) {
            out.put(r.get(0, String.class), RunStatus.valueOf(r.get(1, String.class)));
        }
        return out;
    }

    /**
     * Whether the run has ended (it was planned and none of its tasks is planned or running) and
     * its CDN invalidation, asked for when it was planned, has not been made yet.
     */
    public boolean endedAwaitingCdn(String runId) {
        return dsl.fetchOne("SELECT EXISTS (SELECT 1 FROM dataverse_cdn_invalidations WHERE run_id = ? AND status = 'PENDING')"
                + " AND EXISTS (SELECT 1 FROM dataverse_task_runs WHERE run_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM dataverse_task_runs WHERE run_id = ? AND status IN ('PLANNED', 'RUNNING'))",
                runId, runId, runId).get(0, Boolean.class);
    }

    /** One attempt of a task execution. */
    public record Attempt(int attempt, String executedBy, java.time.Instant started, Optional<java.time.Instant> finished,
                          AttemptStatus status, String message, List<String> publishedKeys) {
    }

    /** One attempt of a task, with its run and date: a line of the task's history. */
    public record HistoryLine(String runId, LocalDate date, Attempt attempt) {
    }

    /** The {@code limit} newest attempts of a task, over all its runs, newest first. */
    public List<HistoryLine> history(String taskId, int limit) {
        return dsl.fetch("SELECT a.run_id, r.execution_date, a.attempt, a.executed_by, a.started_at, a.finished_at, a.status,"
                + " a.message, a.published_keys FROM dataverse_task_attempts a JOIN dataverse_task_runs r USING (run_id, task_id)"
                + " WHERE a.task_id = ? ORDER BY a.started_at DESC, a.attempt DESC LIMIT ?", taskId, limit).map(r -> new HistoryLine(
                r.get("run_id", String.class), r.get("execution_date", LocalDate.class), attempt(r)));
    }

    private static Attempt attempt(Record r) {
        return new Attempt(r.get("attempt", Integer.class), r.get("executed_by", String.class),
                r.get("started_at", java.time.OffsetDateTime.class).toInstant(),
                Optional.ofNullable(r.get("finished_at", java.time.OffsetDateTime.class)).map(java.time.OffsetDateTime::toInstant),
                AttemptStatus.valueOf(r.get("status", String.class)), Optional.ofNullable(r.get("message", String.class)).orElse(""),
                List.of(r.get("published_keys", String[].class)));
    }

    /** The attempts of a task in a run, first first. */
    public List<Attempt> attempts(String runId, String taskId) {
        return dsl.fetch("SELECT attempt, executed_by, started_at, finished_at, status, message, published_keys"
                + " FROM dataverse_task_attempts WHERE run_id = ? AND task_id = ? ORDER BY attempt", runId, taskId)
                .map(TaskRunLog::attempt);
    }

    /** The stored keys and the bound new ones, each once, sorted. */
    private static final String MERGE_KEYS = "ARRAY(SELECT DISTINCT k FROM unnest(published_keys || ?::text[]) AS k ORDER BY k)";

    /** The public keys the run's tasks changed, each once, sorted. */
    public List<String> publishedKeys(String runId) {
        return dsl.fetch("SELECT DISTINCT k FROM dataverse_task_runs, unnest(published_keys) AS k WHERE run_id = ? ORDER BY k", runId)
                .getValues(0, String.class);
    }

    /** Marks every task of the run that has not ended, and its running attempt, as ABANDONED; returns their ids. */
    public List<String> abandon(String runId, String why) {
        return dsl.fetch("WITH attempts AS (UPDATE dataverse_task_attempts SET status = 'ABANDONED', message = ?, finished_at = now()"
                + " WHERE run_id = ? AND status = 'RUNNING')"
                + " UPDATE dataverse_task_runs SET status = 'ABANDONED', message = ?, finished_at = now()"
                + " WHERE run_id = ? AND status IN ('PLANNED', 'RUNNING') RETURNING task_id", why, runId, why, runId)
                .getValues("task_id", String.class);
    }

    /** Records a whole execution at once (an outcome computed elsewhere). */
    public void recordManual(String runId, ScheduleGroup group, LocalDate date, String taskId, boolean full, TaskOutcome outcome) {
        plan(runId, group, date, true, full, List.of(taskId));
        finish(runId, taskId, claim(runId, taskId, false, "manual").orElseThrow(), outcome);
    }

    public Map<String, Entry> entries(String runId) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Record r : dsl.fetch("SELECT task_id, status, attempts, result::text AS result, message FROM dataverse_task_runs"
                + " WHERE run_id = ? ORDER BY task_id", runId)) {
            String taskId = r.get("task_id", String.class);
            out.put(taskId, new Entry(runId, taskId, RunStatus.valueOf(r.get("status", String.class)), r.get("attempts", Integer.class),
                    Optional.ofNullable(r.get("result", String.class)).map(this::load),
                    Optional.ofNullable(r.get("message", String.class)).orElse("")));
        }
        return out;
    }

    /** The newest successful result of {@code taskId} for {@code date}, from any run. */
    public Optional<TaskResult> lastSuccess(String taskId, LocalDate date) {
        return Optional.ofNullable(dsl.fetchOptional("SELECT result::text AS result FROM dataverse_task_runs"
                        + " WHERE task_id = ? AND execution_date = ? AND status = 'SUCCEEDED' ORDER BY finished_at DESC LIMIT 1",
                        taskId, date)
                .map(r -> r.get("result", String.class)).orElse(null)).map(this::load);
    }

    /** The newest execution of a task that got past PLANNED. */
    public record LastRun(String runId, LocalDate date, RunStatus status, int attempts, Optional<java.time.Instant> finished,
                          String message) {
    }

    /** The newest date a task succeeded for, when, and where its outputs went. */
    public record NewestSuccess(LocalDate date, java.time.Instant finished, List<String> outputs) {
    }

    /** For each task that ran: its newest execution (by start). */
    public Map<String, LastRun> lastRuns() {
        Map<String, LastRun> out = new LinkedHashMap<>();
        for (Record r : dsl.fetch("SELECT DISTINCT ON (task_id) task_id, run_id, execution_date, status, attempts, finished_at,"
                + " message FROM dataverse_task_runs WHERE status <> 'PLANNED'"
                + " ORDER BY task_id, coalesce(started_at, created_at) DESC")) {
            out.put(r.get("task_id", String.class), new LastRun(r.get("run_id", String.class),
                    r.get("execution_date", LocalDate.class), RunStatus.valueOf(r.get("status", String.class)),
                    r.get("attempts", Integer.class),
                    Optional.ofNullable(r.get("finished_at", java.time.OffsetDateTime.class)).map(java.time.OffsetDateTime::toInstant),
                    Optional.ofNullable(r.get("message", String.class)).orElse("")));
        }
        return out;
    }

    /** For each task that ever succeeded: the newest date it succeeded for. */
    public Map<String, NewestSuccess> newestSuccesses() {
        Map<String, NewestSuccess> out = new LinkedHashMap<>();
        for (Record r : dsl.fetch("SELECT DISTINCT ON (task_id) task_id, execution_date, finished_at, result::text AS result"
                + " FROM dataverse_task_runs WHERE status = 'SUCCEEDED' ORDER BY task_id, execution_date DESC, finished_at DESC")) {
            List<String> outputs = Optional.ofNullable(r.get("result", String.class)).map(TaskRunLog::fromJson)
                    .map(TaskResult::outputs).orElse(List.of()); // the outputs are kept in the row even for a blob
            out.put(r.get("task_id", String.class), new NewestSuccess(r.get("execution_date", LocalDate.class),
                    r.get("finished_at", java.time.OffsetDateTime.class).toInstant(), outputs));
        }
        return out;
    }

    /** Whether a run whose id starts with {@code prefix} ended with every task succeeded or skipped. */
    public boolean hasCompletedRun(String prefix) {
        return dsl.fetchOptional("SELECT run_id FROM dataverse_task_runs WHERE starts_with(run_id, ?)"
                + " GROUP BY run_id HAVING bool_and(status IN ('SUCCEEDED', 'SKIPPED')) LIMIT 1", prefix).isPresent();
    }

    /**
     * The JSON kept in the row for a result: the result itself, or, above
     * {@link #INLINE_RESULT_LIMIT}, its outputs and the key of a private blob holding its values.
     */
    String store(String runId, String taskId, TaskResult result) {
        String json = toJson(result);
        if (json.length() <= INLINE_RESULT_LIMIT) {
            return json;
        }
        String key = "dataverse-results/" + runId + "/" + taskId + ".json.gz";
        try {
            blobs.put(key, DatasetPublisher.gzipJson(g -> {
                g.writeStartObject();
                for (Map.Entry<String, String> v : result.values().entrySet()) {
                    g.writeStringField(v.getKey(), v.getValue());
                }
                g.writeEndObject();
            }), Visibility.PRIVATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the result of " + taskId + " (run " + runId + ") in " + blobs.describe(key)
                    + ": " + e.getMessage(), e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outputs", result.outputs());
        m.put("values_blob", key);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A result read back from its row, its values from the blob when they were kept there. */
    TaskResult load(String json) {
        TaskResult inline = fromJson(json);
        Optional<String> key = valuesBlob(json);
        if (key.isEmpty()) {
            return inline;
        }
        try {
            byte[] gz = blobs.get(key.get()).orElseThrow(() -> new IllegalStateException("the values of a task result were kept in "
                    + blobs.describe(key.get()) + ", which is gone"));
            try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
                Map<String, String> values = JSON.readValue(in, new TypeReference<LinkedHashMap<String, String>>() { });
                return TaskResult.of(inline.outputs(), values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the task result kept in " + blobs.describe(key.get()) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> valuesBlob(String json) {
        try {
            return Optional.ofNullable(JSON.readTree(json).get("values_blob")).map(n -> n.asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable task result in dataverse_task_runs: " + e.getOriginalMessage(), e);
        }
    }

    static String toJson(TaskResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outputs", result.outputs());
        m.put("values", result.values());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static TaskResult fromJson(String json) {
        try {
            Map<String, Object> m = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            List<String> outputs = (List<String>) m.getOrDefault("outputs", List.of());
            @SuppressWarnings("unchecked")
            Map<String, String> values = (Map<String, String>) m.getOrDefault("values", Map.of());
            return TaskResult.of(outputs, values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable task result in dataverse_task_runs: " + e.getOriginalMessage(), e);
        }
    }

}

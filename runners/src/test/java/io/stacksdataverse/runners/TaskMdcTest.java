package io.stacksdataverse.runners;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TaskMdcTest {
    @Test
    void theKeysAreSetWhileATaskRunsAndWhatWasThereBeforeComesBack() throws Exception {
        MDC.put("outer", "kept");
        try (TaskMdc mdc = TaskMdc.open("run-1", "daily_txs", LocalDate.of(2024, 6, 1))) {
            assertThat(MDC.getCopyOfContextMap()).containsEntry("run_id", "run-1").containsEntry("task_id", "daily_txs")
                    .containsEntry("logical_date", "2024-06-01").containsEntry("outer", "kept");
            AtomicReference<Map<String, String>> seen = new AtomicReference<>();
            Thread worker = new Thread(TaskMdc.carried(() -> seen.set(MDC.getCopyOfContextMap())));
            worker.start();
            worker.join();
            assertThat(seen.get()).as("a thread the task starts").containsEntry("task_id", "daily_txs");
        }
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("outer", "kept"));
        MDC.clear();
    }
}

package io.stacksdataverse.runners;

import java.time.LocalDate;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The run id, task id and logical date put on every log line written while a task runs (SLF4J's
 * MDC: {@value #RUN_ID}, {@value #TASK_ID}, {@value #LOGICAL_DATE}); closing puts back what the
 * thread had before.
 */
public final class TaskMdc implements AutoCloseable {
    public static final String RUN_ID = "run_id";
    public static final String TASK_ID = "task_id";
    public static final String LOGICAL_DATE = "logical_date";

    private final Map<String, String> before;

    private TaskMdc(Map<String, String> before) {
        this.before = before;
    }

    public static TaskMdc open(String runId, String taskId, LocalDate date) {
        TaskMdc mdc = new TaskMdc(MDC.getCopyOfContextMap());
        MDC.put(RUN_ID, runId);
        MDC.put(TASK_ID, taskId);
        MDC.put(LOGICAL_DATE, date.toString());
        return mdc;
    }

    /**
     * {@code work} with the calling thread's task keys, for a thread the task starts (the MDC is
     * per thread and not inherited).
     */
    public static Runnable carried(Runnable work) {
        Map<String, String> keys = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            set(keys);
            try {
                work.run();
            } finally {
                set(before);
            }
        };
    }

    @Override
    public void close() {
        set(before);
    }

    private static void set(Map<String, String> keys) {
        if (keys == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(keys);
        }
    }
}

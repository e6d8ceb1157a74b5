package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.runners.TaskOutcome;
import org.junit.jupiter.api.Test;

class RunStatusTest {

    @Test
    void everyOutcomeIsAnEndAndAnAbandonedTaskCountsAsFailed() {
        for (TaskOutcome.Status s : TaskOutcome.Status.values()) {
            assertThat(RunStatus.of(s).isTerminal()).isTrue();
            assertThat(RunStatus.of(s).outcome()).isEqualTo(s);
            assertThat(AttemptStatus.of(s).name()).isEqualTo(s.name());
        }
        assertThat(RunStatus.ABANDONED.isTerminal()).isTrue();
        assertThat(RunStatus.ABANDONED.outcome()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(RunStatus.PLANNED.isTerminal()).isFalse();
        assertThat(RunStatus.RUNNING.isTerminal()).isFalse();
        assertThatThrownBy(RunStatus.RUNNING::outcome).hasMessageContaining("has not ended");
    }
}

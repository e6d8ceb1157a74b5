package io.stacksdataverse.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TaskResultTest {
    @Test
    void valuesAreHandedOverAsTextAndReadBackTyped() {
        TaskResult r = TaskResult.builder().value("rows", 42L).value("price", new BigDecimal("1E-7"))
                .value("day", LocalDate.of(2024, 6, 1)).value("at", Instant.parse("2024-06-01T00:00:00Z")).value("full", true)
                .build();
        TaskResult copy = TaskResult.of(r.outputs(), r.values()); // what a persisted result reads back as

        assertThat(copy.values()).containsEntry("price", "0.0000001");
        assertThat(copy.longValue("rows")).isEqualTo(42L);
        assertThat(copy.decimalValue("price")).isEqualByComparingTo("0.0000001");
        assertThat(copy.dateValue("day")).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(copy.instantValue("at")).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(copy.booleanValue("full")).isTrue();
    }

    @Test
    void aMissingOrMistypedValueIsNamed() {
        TaskResult r = TaskResult.builder().value("rows", "many").build();
        assertThatThrownBy(() -> r.longValue("rows")).hasMessage("task result value 'rows' is not a whole number: 'many'");
        assertThatThrownBy(() -> r.booleanValue("rows")).hasMessage("task result value 'rows' is not true or false: 'many'");
        assertThatThrownBy(() -> r.dateValue("day")).hasMessage("task result has no value 'day' (has [rows])");
    }
}

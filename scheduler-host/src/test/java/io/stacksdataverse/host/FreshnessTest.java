package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.spi.ScheduleGroup;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreshnessTest {
    private static final Duration GRACE = Duration.ofHours(3);

    private static Freshness daily(String newestDate, String now) {
        return Freshness.of(ScheduleGroup.DAILY, Optional.of(LocalDate.parse(newestDate)), Optional.of(Instant.parse(now)),
                Instant.parse(now), GRACE);
    }

    @Test
    void aDailyTaskIsFreshUntilTheRunForTheNextDateHadItsGraceToEnd() {
        // The run for June 1 starts at June 2 00:00 UTC; until 03:00 the task may still be on May 31.
        assertThat(daily("2024-05-31", "2024-06-02T02:59:00Z").fresh()).isTrue();
        assertThat(daily("2024-05-31", "2024-06-02T03:01:00Z"))
                .isEqualTo(new Freshness(false, "STALE: newest date 2024-05-31, expected 2024-06-01"));
        assertThat(daily("2024-06-01", "2024-06-03T02:00:00Z").fresh()).isTrue();
        assertThat(daily("2024-06-03", "2024-06-03T02:00:00Z").fresh()).as("a date ahead (run by hand) is fresh").isTrue();
    }

    @Test
    void theExpectationFollowsTheConfiguredSchedules() {
        var six = com.github.kagkarlsson.scheduler.task.schedule.Schedules.cron("0 0 6 * * *", java.time.ZoneOffset.UTC);
        Optional<LocalDate> june1 = Optional.of(LocalDate.parse("2024-06-01"));
        // Daily runs start at 06:00: at 07:00 on June 3 the run for June 2 (started 06:00) still has its grace.
        assertThat(Freshness.of(ScheduleGroup.DAILY, june1, Optional.of(Instant.EPOCH), Instant.parse("2024-06-03T07:00:00Z"),
                GRACE, six).fresh()).isTrue();
        assertThat(Freshness.of(ScheduleGroup.DAILY, june1, Optional.of(Instant.EPOCH), Instant.parse("2024-06-03T09:30:00Z"),
                GRACE, six)).isEqualTo(new Freshness(false, "STALE: newest date 2024-06-01, expected 2024-06-02"));
        var hourly = com.github.kagkarlsson.scheduler.task.schedule.Schedules.cron("0 0 * * * *", java.time.ZoneOffset.UTC);
        Instant now = Instant.parse("2024-06-02T12:10:00Z");
        assertThat(Freshness.of(ScheduleGroup.HALF_HOURLY, june1, Optional.of(now.minusSeconds(6600)), now, GRACE, hourly).fresh())
                .as("hourly: two periods are two hours").isTrue();
    }

    @Test
    void aHalfHourlyTaskIsFreshForAnHourAfterItsLastSuccess() {
        Instant now = Instant.parse("2024-06-02T12:00:00Z");
        Optional<LocalDate> day = Optional.of(LocalDate.parse("2024-06-02"));
        assertThat(Freshness.of(ScheduleGroup.HALF_HOURLY, day, Optional.of(now.minusSeconds(3500)), now, GRACE).fresh()).isTrue();
        assertThat(Freshness.of(ScheduleGroup.HALF_HOURLY, day, Optional.of(now.minusSeconds(3 * 3600 + 300)), now, GRACE))
                .isEqualTo(new Freshness(false, "STALE: last succeeded 3 h 5 min ago, expected within 1 h 0 min"));
    }

    @Test
    void aTaskThatNeverSucceededIsStale() {
        assertThat(Freshness.of(ScheduleGroup.DAILY, Optional.empty(), Optional.empty(), Instant.EPOCH, GRACE))
                .isEqualTo(new Freshness(false, "STALE: never succeeded"));
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(Freshness.ago(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Freshness.ago(Duration.ofMinutes(12))).isEqualTo("12 min");
        assertThat(Freshness.ago(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
        assertThat(Freshness.ago(Duration.ofHours(52))).isEqualTo("2 d 4 h");
    }
}

package io.stacksdataverse.host.cli;

import java.time.LocalDate;
import picocli.CommandLine.Option;

/** {@code --date D}: required, not after today. */
final class DateOption {
    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = Converters.Date.class,
            description = "the logical date to run for (UTC); not after today")
    private LocalDate date;

    /** The date, checked against today by the given clock. */
    LocalDate date(CliContext context) {
        LocalDate today = context.today();
        if (date.isAfter(today)) {
            throw new UsageException("--date " + date + " is in the future (today is " + today + " UTC)");
        }
        return date;
    }
}

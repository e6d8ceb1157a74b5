package io.stacksdataverse.extract.stacks.db;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The settings of the read-only connection to the Stacks API's PostgreSQL database. */
public record StacksDbSettings(Optional<String> url, Optional<String> user, Optional<Secret> password,
                               Duration statementTimeout) {
    /** Longest one statement may run; a hung query must not hold a scheduler thread forever. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(30);

    public static final List<Setting> DECLARED = List.of(
            Setting.optional("STACKS_DB_URL", "– (the chain tasks are disabled)",
                    "the Stacks API's PostgreSQL, `jdbc:postgresql://host:5432/db[?currentSchema=…]`, read-only"
                            + " (tables found in the search path, else in `stacks_blockchain_api`)"),
            Setting.optional("STACKS_DB_USER", "–", "its user"),
            Setting.secret("STACKS_DB_PASSWORD", "–", "its password"),
            Setting.of("STACKS_DB_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT.toString(),
                    "longest one statement may run on the Stacks API database (PostgreSQL `statement_timeout`); `0`: none"));

    public static StacksDbSettings read(Config config) {
        Duration timeout = config.getDuration("STACKS_DB_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT);
        if (timeout.isNegative()) {
            throw new IllegalStateException("STACKS_DB_STATEMENT_TIMEOUT must not be negative, got " + timeout);
        }
        return new StacksDbSettings(config.get("STACKS_DB_URL"), config.get("STACKS_DB_USER"),
                config.secret("STACKS_DB_PASSWORD"), timeout);
    }
}

package io.stacksdataverse.extract.stacks;

import java.util.Optional;

/** The answer of {@code GET /extended}: the API's version, status and database tip (absent while the DB is empty). */
public record ApiStatus(String serverVersion, String status, Optional<ChainTip> chainTip) {
}

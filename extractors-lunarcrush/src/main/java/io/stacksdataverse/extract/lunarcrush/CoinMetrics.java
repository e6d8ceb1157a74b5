package io.stacksdataverse.extract.lunarcrush;

import io.stacksdataverse.extract.http.HttpResult;
import java.math.BigDecimal;

/**
 * The run-time {@code galaxy_score} and {@code alt_rank} of LunarCrush {@code /coins/{coin}/v1}
 * ({@code data.galaxy_score}, {@code data.alt_rank}); a metric the source left out or sent as
 * {@code null} is {@code null} here. {@code http} is the response they came from.
 */
public record CoinMetrics(BigDecimal galaxyScore, Long altRank, HttpResult http) {
}

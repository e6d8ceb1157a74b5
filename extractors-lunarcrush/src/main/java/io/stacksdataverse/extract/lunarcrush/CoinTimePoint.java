package io.stacksdataverse.extract.lunarcrush;

import java.math.BigDecimal;

/**
 * One bucket of LunarCrush {@code /coins/{coin}/time-series/v2}: its start {@code time} (unix
 * seconds), {@code galaxy_score} exactly as the source wrote it and {@code alt_rank}; a metric the
 * source left out or sent as {@code null} is {@code null} here.
 */
public record CoinTimePoint(long time, BigDecimal galaxyScore, Long altRank) {
}

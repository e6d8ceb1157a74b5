package io.stacksdataverse.extract.cryptocompare;

/**
 * Live figures of one pair from {@code /data/pricemultifull} ({@code RAW.<SYM>.<QUOTE>}): the
 * price, the market cap, the 24-hour volume in the quote currency, the supply CryptoCompare uses
 * and when it last updated (unix seconds).
 */
public record SpotQuote(String symbol, String quote, double price, double marketCap, double totalVolume24hTo,
                        double supply, long lastUpdate) {
}

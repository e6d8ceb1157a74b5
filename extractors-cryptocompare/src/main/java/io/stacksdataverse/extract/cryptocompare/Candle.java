package io.stacksdataverse.extract.cryptocompare;

/**
 * One OHLCV candle of CryptoCompare. {@code time} is the unix second of the candle's start (the
 * hour or the UTC day); prices are in the quote currency.
 */
public record Candle(long time, double open, double high, double low, double close, double volumeFrom,
                     double volumeTo) {

    /** CryptoCompare fills the time before a pair traded with zero candles: they carry no price. */
    public boolean hasPrice() {
        return close > 0 && Double.isFinite(close);
    }
}

package io.stacksdataverse.transform.mining;

/**
 * What #33 and #34 need of one tenure of #32's window: its key, Bitcoin time, winner, winning commit
 * (sats, null when unknown) and STX reward (µSTX after the fill rule, null when no tenure has one).
 */
public record WindowEntry(long height, long burnBlockTime, String winner, Long winnerSats, Long rewardMicroStx) {
}

package io.stacksdataverse.transform.mining;

/**
 * One tenure of the mining window (catalog #32), keyed by the height of its tenure-start block, with
 * exact integer sums (sats, µSTX); null where the source has no row.
 *
 * @param burnSats        the burn block's committed total: Σ PoX payouts + the burned amount
 * @param winnerSats      the winning commit's PoX outputs
 * @param maturedMicroStx the coinbase of the tenure that has matured by the cutoff
 * @param feesMicroStx    the fees of the tenure's canonical transactions
 */
public record Tenure(long height, long burnBlockTime, String winner, Long burnSats, Long winnerSats, Long maturedMicroStx,
                     long feesMicroStx) {
}

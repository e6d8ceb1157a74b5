package io.stacksdataverse.extract.stacks.pox;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.SourceHttpClient;

/**
 * What we read of {@code GET /v2/pox}: the network constants F ({@code first_burnchain_block_height})
 * and L ({@code reward_cycle_length}), the active contract, and the node's view of the current and
 * next cycles at the moment of the call.
 */
public record PoxInfo(String contractId, long firstBurnchainBlockHeight, long rewardCycleLength, long prepareCycleLength,
                      long currentBurnchainBlockHeight, long currentCycleId, long currentCycleStackedUstx,
                      long currentCycleMinThresholdUstx, long nextCycleId, long nextCycleStackedUstx,
                      long nextCycleRewardPhaseStartBlockHeight) {

    /** The only pox contract whose tables and events these datasets read. */
    public static final String HANDLED_CONTRACT = "pox-4";

    /** The cycle of burn height {@code b}: ⌊(b − F)/L⌋. */
    public long cycleOf(long burnHeight) {
        return Math.floorDiv(burnHeight - firstBurnchainBlockHeight, rewardCycleLength);
    }

    /** s_c = F + c·L + 1, the first reward-phase burn block of cycle {@code c}. */
    public long rewardPhaseStart(long cycle) {
        return firstBurnchainBlockHeight + cycle * rewardCycleLength + 1;
    }

    /** The contract's name without its deployer, e.g. {@code pox-4}. */
    public String contractName() {
        int dot = contractId.indexOf('.');
        return dot < 0 ? contractId : contractId.substring(dot + 1);
    }

    /** The deployer of the active contract ({@code SP000000000000000000002Q6VF78} on mainnet). */
    public String contractAddress() {
        int dot = contractId.indexOf('.');
        return dot < 0 ? contractId : contractId.substring(0, dot);
    }

    /** Reads the answer; a missing or non-integer field is a {@link SourceException} naming it. */
    public static PoxInfo parse(SourceHttpClient.JsonResult result) throws SourceException {
        JsonNode json = result.json();
        if (!json.isObject()) {
            throw result.malformed("expected a JSON object, got " + json.getNodeType());
        }
        JsonNode contract = json.get("contract_id");
        if (contract == null || !contract.isTextual() || contract.asText().isBlank()) {
            throw result.malformed("no 'contract_id' field: not a /v2/pox answer");
        }
        PoxInfo info = new PoxInfo(contract.asText(),
                integer(result, json, "first_burnchain_block_height"),
                integer(result, json, "reward_cycle_length"),
                integer(result, json, "prepare_cycle_length"),
                integer(result, json, "current_burnchain_block_height"),
                integer(result, json, "current_cycle.id"),
                integer(result, json, "current_cycle.stacked_ustx"),
                integer(result, json, "current_cycle.min_threshold_ustx"),
                integer(result, json, "next_cycle.id"),
                integer(result, json, "next_cycle.stacked_ustx"),
                integer(result, json, "next_cycle.reward_phase_start_block_height"));
        if (info.rewardCycleLength <= 0) {
            throw result.malformed("reward_cycle_length is " + info.rewardCycleLength + ", not a positive length");
        }
        return info;
    }

    private static long integer(SourceHttpClient.JsonResult result, JsonNode json, String path) throws SourceException {
        JsonNode v = json;
        for (String part : path.split("\\.")) {
            v = v == null ? null : v.get(part);
        }
        if (v == null || v.isNull()) {
            throw result.malformed("no '" + path + "' field");
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
            throw result.malformed("'" + path + "' is not a non-negative integer: " + v);
        }
        return v.asLong();
    }
}

package io.stacksdataverse.extract.stacks;

/** The newest block the Stacks API has indexed in its database. */
public record ChainTip(long blockHeight, String blockHash, String indexBlockHash, long burnBlockHeight) {
}

package io.stacksdataverse.extract.stacks.db;

/** A canonical block: its height, index block hash and Bitcoin (burn) block height. */
public record BlockRef(long height, byte[] indexBlockHash, long burnBlockHeight) {
}

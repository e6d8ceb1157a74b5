package io.stacksdataverse.transform.nft;

/**
 * The collection of an NFT asset: the contract part of its {@code asset_identifier}
 * ({@code <deployer>.<contract-name>::<asset>}), named by the contract name with its deployer
 * (catalog #26, also #27, #39, #40).
 */
public final class NftCollections {
    /** A collection: its contract id ({@code <deployer>.<contract-name>}), deployer and contract name. */
    public record Collection(String contractId, String deployer, String name) {
    }

    private NftCollections() {
    }

    /**
     * The collection of {@code assetIdentifier}; a value that is not {@code <deployer>.<contract-name>::<asset>}
     * (each part non-empty) fails, the message starting with {@code where} (the dataset and the row).
     */
    public static Collection of(String assetIdentifier, String where) {
        int sep = assetIdentifier == null ? -1 : assetIdentifier.indexOf("::");
        String contract = sep < 0 ? "" : assetIdentifier.substring(0, sep);
        int dot = contract.indexOf('.');
        if (sep < 0 || sep + 2 >= assetIdentifier.length() || dot <= 0 || dot == contract.length() - 1) {
            throw new IllegalArgumentException(where + ": asset_identifier '" + assetIdentifier
                    + "' is not <deployer>.<contract-name>::<asset>");
        }
        return new Collection(contract, contract.substring(0, dot), contract.substring(dot + 1));
    }
}

package io.stacksdataverse.transform.nft;

/**
 * An NFT collection: the contract that defines its assets. An {@code asset_identifier} is
 * {@code <deployer>.<contract-name>::<asset-name>}; every asset of one contract belongs to the same
 * collection.
 *
 * @param contractId the part before {@code ::}, {@code <deployer>.<contract-name>}
 * @param deployer   the part of the contract id before {@code .}
 * @param name       the part of the contract id after {@code .}: the key the rankings publish
 */
public record NftCollection(String contractId, String deployer, String name) {

    /** An {@code asset_identifier} that does not have the form {@code <deployer>.<contract-name>::<asset-name>}. */
    public static final class MalformedAssetIdentifier extends IllegalArgumentException {
        private final String assetIdentifier;

        MalformedAssetIdentifier(String assetIdentifier, String reason) {
            super("asset_identifier '" + assetIdentifier + "' " + reason + " (expected <deployer>.<contract-name>::<asset-name>)");
            this.assetIdentifier = assetIdentifier;
        }

        public String assetIdentifier() {
            return assetIdentifier;
        }
    }

    /** The collection of an asset; throws {@link MalformedAssetIdentifier} when the identifier lacks a part. */
    public static NftCollection ofAsset(String assetIdentifier) {
        int colons = assetIdentifier.indexOf("::");
        if (colons < 0) {
            throw new MalformedAssetIdentifier(assetIdentifier, "has no '::'");
        }
        if (colons + 2 == assetIdentifier.length()) {
            throw new MalformedAssetIdentifier(assetIdentifier, "has no asset name after '::'");
        }
        return ofContract(assetIdentifier, assetIdentifier.substring(0, colons));
    }

    private static NftCollection ofContract(String assetIdentifier, String contractId) {
        int dot = contractId.indexOf('.');
        if (dot < 0) {
            throw new MalformedAssetIdentifier(assetIdentifier, "has no '.' in its contract part '" + contractId + "'");
        }
        if (dot == 0 || dot == contractId.length() - 1) {
            throw new MalformedAssetIdentifier(assetIdentifier, "has an empty deployer or contract name in '" + contractId + "'");
        }
        if (contractId.indexOf('.', dot + 1) >= 0) {
            throw new MalformedAssetIdentifier(assetIdentifier, "has more than one '.' in its contract part '" + contractId + "'");
        }
        return new NftCollection(contractId, contractId.substring(0, dot), contractId.substring(dot + 1));
    }
}

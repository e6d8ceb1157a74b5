package io.stacksdataverse.transform.nft;

/**
 * The collection of an NFT asset: {@code asset_identifier} is {@code <deployer>.<contract-name>::<asset>},
 * and the collection is its contract ({@code <deployer>.<contract-name>}), all assets of a contract
 * counting together.
 */
public final class NftCollections {
    private NftCollections() {
    }

    /** A collection contract: its id, the deployer (before {@code .}) and the contract name (after it). */
    public record Collection(String contractId, String deployer, String name) {
    }

    /** An {@code asset_identifier} that is not {@code <deployer>.<contract-name>::<asset>}. */
    public static final class MalformedAssetIdentifier extends IllegalArgumentException {
        private final String assetIdentifier;

        MalformedAssetIdentifier(String assetIdentifier, String why) {
            super("asset_identifier '" + assetIdentifier + "' is not <deployer>.<contract-name>::<asset>: " + why);
            this.assetIdentifier = assetIdentifier;
        }

        public String assetIdentifier() {
            return assetIdentifier;
        }
    }

    /**
     * The collection of {@code assetIdentifier}. Contract ids hold neither {@code ::} nor a second
     * {@code .}, so the first of each separates the parts.
     *
     * @throws MalformedAssetIdentifier when a separator is missing or a part is empty
     */
    public static Collection of(String assetIdentifier) {
        int asset = assetIdentifier.indexOf("::");
        if (asset < 0) {
            throw new MalformedAssetIdentifier(assetIdentifier, "no '::'");
        }
        String contractId = assetIdentifier.substring(0, asset);
        int dot = contractId.indexOf('.');
        if (dot < 0) {
            throw new MalformedAssetIdentifier(assetIdentifier, "no '.' in the contract id");
        }
        String deployer = contractId.substring(0, dot);
        String name = contractId.substring(dot + 1);
        if (deployer.isEmpty() || name.isEmpty() || asset + 2 == assetIdentifier.length()) {
            throw new MalformedAssetIdentifier(assetIdentifier, "an empty deployer, contract name or asset name");
        }
        return new Collection(contractId, deployer, name);
    }
}

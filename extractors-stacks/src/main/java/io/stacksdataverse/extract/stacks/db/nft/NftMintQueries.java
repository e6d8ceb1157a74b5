package io.stacksdataverse.extract.stacks.db.nft;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read of catalog #40: canonical NFT mints ({@code asset_event_type_id = 2}) per
 * {@code asset_identifier} in the "last 100" window, the canonical blocks ≤ H(E) whose burn height
 * lies in [h(E) − 99, h(E)]. Transfers and burns are left out; any other type fails the read.
 */
public final class NftMintQueries {
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("nft mints", Map.of(
            "nft_events", List.of("event_index", "tx_id", "block_height", "index_block_hash", "microblock_canonical", "canonical",
                    "asset_event_type_id", "asset_identifier")));

    private static final String WINDOW = " FROM nft_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash"
            + " WHERE b.canonical AND e.canonical AND e.microblock_canonical AND b.block_height <= ?"
            + " AND b.burn_block_height BETWEEN ? AND ?";

    private final StacksDb db;
    private final String dataset;

    private NftMintQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    public static NftMintQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new NftMintQueries(db, dataset);
    }

    /**
     * Mints per {@code asset_identifier} in the canonical blocks ≤ {@code maxHeight} with burn heights
     * in [{@code fromBurnHeight}, {@code toBurnHeight}].
     *
     * @throws StacksDatabaseStateException naming the first row of the window whose type is not 1, 2 or 3
     */
    public Map<String, Long> mintsByAsset(long maxHeight, long fromBurnHeight, long toBurnHeight) throws StacksDatabaseStateException {
        Map<String, Long> mints = new TreeMap<>();
        boolean unknown = db.read(dataset, "nft mints of burn heights " + fromBurnHeight + ".." + toBurnHeight, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.asset_identifier, e.asset_event_type_id, count(*)" + WINDOW
                    + " AND e.asset_event_type_id NOT IN (1, 3) GROUP BY e.asset_identifier, e.asset_event_type_id")) {
                bind(ps, maxHeight, fromBurnHeight, toBurnHeight);
                boolean other = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(2) == 2) {
                            mints.put(rs.getString(1), rs.getLong(3));
                        } else {
                            other = true;
                        }
                    }
                }
                return other;
            }
        });
        if (unknown) {
            String row = firstRow(" AND e.asset_event_type_id NOT IN (1, 2, 3)", null, maxHeight, fromBurnHeight, toBurnHeight);
            throw new StacksDatabaseStateException(dataset + ": " + StacksDb.SOURCE + " " + db.describe() + ": canonical nft_events row "
                    + row + " has an asset_event_type_id other than 1 (transfer), 2 (mint) or 3 (burn)");
        }
        return mints;
    }

    /** The first mint of {@code assetIdentifier} in the window, described ("tx 0x… event n in block h (…)"), to name a bad row. */
    public String firstMint(String assetIdentifier, long maxHeight, long fromBurnHeight, long toBurnHeight) {
        return firstRow(" AND e.asset_event_type_id = 2 AND e.asset_identifier = ?", assetIdentifier, maxHeight, fromBurnHeight,
                toBurnHeight);
    }

    private String firstRow(String condition, String assetIdentifier, long maxHeight, long fromBurnHeight, long toBurnHeight) {
        return db.read(dataset, "first nft event row", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.tx_id, e.event_index, b.block_height, e.asset_event_type_id,"
                    + " e.asset_identifier" + WINDOW + condition + " ORDER BY b.block_height, e.microblock_sequence, e.tx_index, e.event_index LIMIT 1")) {
                bind(ps, maxHeight, fromBurnHeight, toBurnHeight);
                if (assetIdentifier != null) {
                    ps.setString(4, assetIdentifier);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? NftSupplyQueries.describe(rs) : "(gone on a second read)";
                }
            }
        });
    }

    private static void bind(PreparedStatement ps, long maxHeight, long fromBurnHeight, long toBurnHeight) throws java.sql.SQLException {
        ps.setInt(1, (int) maxHeight);
        ps.setInt(2, (int) fromBurnHeight);
        ps.setInt(3, (int) toBurnHeight);
    }
}

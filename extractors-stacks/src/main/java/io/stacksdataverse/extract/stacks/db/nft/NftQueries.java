package io.stacksdataverse.extract.stacks.db.nft;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daily NFT reads (catalogs #26, #27): set-based over {@code nft_events} with the canonical
 * filter, joined to canonical {@code blocks} on {@code index_block_hash} and bounded by the cutoff
 * height H_D. They return raw {@code asset_identifier}s; parsing them is the transformers' job.
 */
public final class NftQueries {
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("nft", Map.of(
            "nft_events", List.of("event_index", "tx_id", "tx_index", "block_height", "index_block_hash", "microblock_sequence",
                    "microblock_canonical", "canonical", "asset_event_type_id", "asset_identifier", "value", "recipient")));
    /** What the custody read of #27 reads besides {@link #TABLES}. */
    public static final StacksSchema.TableSet CUSTODY_TABLES = new StacksSchema.TableSet("nft custody", Map.of(
            "nft_custody", List.of("asset_identifier", "value", "recipient", "block_height", "index_block_hash",
                    "microblock_sequence", "tx_id", "event_index")));

    private final StacksDb db;
    private final String dataset;

    private NftQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    /** The queries, after checking that the database has {@code nft_events} and the cursor's tables. */
    public static NftQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new NftQueries(db, dataset);
    }

    /** The mints of one asset in two consecutive UTC days: {@code previous} in the first, {@code current} in the second. */
    public record AssetMints(String assetIdentifier, long previous, long current) {
    }

    private static final String MINTS_SQL = """
            SELECT e.asset_identifier,
                   count(*) FILTER (WHERE b.burn_block_time < ?) AS previous,
                   count(*) FILTER (WHERE b.burn_block_time >= ?) AS current
            FROM nft_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash
            WHERE e.canonical AND e.microblock_canonical AND e.asset_event_type_id = 2
              AND b.canonical AND e.block_height BETWEEN ? AND ? AND b.block_height BETWEEN ? AND ?
              AND b.burn_block_time >= ? AND b.burn_block_time < ?
            GROUP BY e.asset_identifier
            ORDER BY e.asset_identifier""";

    /**
     * Catalog #26: canonical mints per {@code asset_identifier} in the blocks of heights
     * {@code [lowHeight, maxHeight]} whose {@code burn_block_time} lies in {@code [previousDay,
     * previousDay + 1 day)} (previous) or the day after (current). {@code lowHeight} only narrows
     * the scan: it must be at or below the first block of the previous day.
     */
    public List<AssetMints> mintsOfTwoDays(long previousDay, long lowHeight, long maxHeight) {
        long currentDay = previousDay + 86_400;
        return db.read(dataset, "mints per collection", c -> {
            try (PreparedStatement ps = c.prepareStatement(MINTS_SQL)) {
                ps.setInt(1, (int) currentDay);
                ps.setInt(2, (int) currentDay);
                ps.setInt(3, (int) lowHeight);
                ps.setInt(4, (int) maxHeight);
                ps.setInt(5, (int) lowHeight);
                ps.setInt(6, (int) maxHeight);
                ps.setInt(7, (int) previousDay);
                ps.setInt(8, (int) (currentDay + 86_400));
                List<AssetMints> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AssetMints(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The holders of one collection: the assets of the contract part (before {@code ::}) of their
     * identifiers, and the distinct owners of their tokens.
     */
    public record CollectionHolders(String contractPart, List<String> assetIdentifiers, long holders) {
    }

    // Groups the owners of the tokens (asset_identifier, recipient; null after a burn) by collection contract.
    private static final String HOLDERS_OF_OWNERS_SQL = """
            SELECT split_part(asset_identifier, '::', 1) AS contract_part,
                   array_agg(DISTINCT asset_identifier ORDER BY asset_identifier) AS assets,
                   count(DISTINCT recipient) AS holders
            FROM (%s) owners
            WHERE recipient IS NOT NULL
            GROUP BY 1
            ORDER BY 1""";

    // The owner of a token is the recipient of its latest canonical event up to the cutoff.
    private static final String OWNERS_FROM_EVENTS_SQL = """
            SELECT DISTINCT ON (e.asset_identifier, e.value) e.asset_identifier, e.recipient
            FROM nft_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash
            WHERE e.canonical AND e.microblock_canonical AND b.canonical AND e.block_height <= ? AND b.block_height <= ?
            ORDER BY e.asset_identifier, e.value, e.block_height DESC, e.microblock_sequence DESC, e.tx_index DESC,
                     e.event_index DESC""";

    // nft_custody holds each token's latest event, orphaned or not. It is the owner as of the cutoff when that
    // event is canonical (its block is; an event of a microblock is looked up) and at or below the cutoff; the
    // other tokens are recomputed from nft_events.
    private static final String OWNERS_FROM_CUSTODY_SQL = """
            WITH custody AS (
                SELECT c.asset_identifier, c.value, c.recipient,
                       c.block_height <= ? AND b.canonical IS TRUE
                       AND (c.microblock_sequence = 2147483647 OR EXISTS (
                            SELECT 1 FROM nft_events m WHERE m.tx_id = c.tx_id AND m.index_block_hash = c.index_block_hash
                            AND m.event_index = c.event_index AND m.canonical AND m.microblock_canonical)) AS current
                FROM nft_custody c LEFT JOIN blocks b ON b.index_block_hash = c.index_block_hash)
            SELECT asset_identifier, recipient FROM custody WHERE current
            UNION ALL
            SELECT * FROM (
                SELECT DISTINCT ON (e.asset_identifier, e.value) e.asset_identifier, e.recipient
                FROM custody u
                JOIN nft_events e ON e.asset_identifier = u.asset_identifier AND e.value = u.value
                JOIN blocks b ON b.index_block_hash = e.index_block_hash
                WHERE NOT u.current AND e.canonical AND e.microblock_canonical AND b.canonical
                  AND e.block_height <= ? AND b.block_height <= ?
                ORDER BY e.asset_identifier, e.value, e.block_height DESC, e.microblock_sequence DESC, e.tx_index DESC,
                         e.event_index DESC) recomputed""";

    /**
     * Catalog #27: per collection contract, the distinct owners as of {@code maxHeight} of its
     * tokens, the owner of a token being the recipient of its latest canonical event (ordered by
     * block height, microblock sequence, tx index, event index); burned tokens have none, and a
     * collection without an owner is absent. Read from {@code nft_events} alone.
     */
    public List<CollectionHolders> holdersPerCollection(long maxHeight) {
        return holders(HOLDERS_OF_OWNERS_SQL.formatted(OWNERS_FROM_EVENTS_SQL), maxHeight, 2, "holders per collection");
    }

    /**
     * {@link #holdersPerCollection}, starting from {@code nft_custody} (one row per token) and
     * recomputing from {@code nft_events} only the tokens whose custody row is above
     * {@code maxHeight} or not canonical: few near the tip. Equal to it when every token with an
     * event has a custody row, as the API keeps them.
     */
    public List<CollectionHolders> holdersPerCollectionFromCustody(long maxHeight) throws StacksDatabaseException {
        db.requireTables(dataset, CUSTODY_TABLES);
        return holders(HOLDERS_OF_OWNERS_SQL.formatted(OWNERS_FROM_CUSTODY_SQL), maxHeight, 3, "holders per collection from custody");
    }

    private List<CollectionHolders> holders(String sql, long maxHeight, int heightParameters, String what) {
        return db.read(dataset, what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 1; i <= heightParameters; i++) {
                    ps.setInt(i, (int) maxHeight);
                }
                List<CollectionHolders> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String[] assets = (String[]) rs.getArray(2).getArray();
                        out.add(new CollectionHolders(rs.getString(1), Arrays.asList(assets), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    /** One row of {@code nft_events}, as an error message names it. */
    public record EventRow(byte[] txId, int eventIndex, long blockHeight) {
        @Override
        public String toString() {
            return "nft_events row tx 0x" + HexFormat.of().formatHex(txId) + " event " + eventIndex + " in block " + blockHeight;
        }
    }

    /**
     * The first canonical event of {@code assetIdentifier} in blocks of heights {@code [lowHeight,
     * maxHeight]} (a mint only, when {@code mintsOnly}), ordered as the chain orders events: the row
     * an error about that identifier names.
     */
    public Optional<EventRow> firstEvent(String assetIdentifier, long lowHeight, long maxHeight, boolean mintsOnly) {
        return db.read(dataset, "first event of " + assetIdentifier, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT e.tx_id, e.event_index, e.block_height
                    FROM nft_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash
                    WHERE e.canonical AND e.microblock_canonical AND b.canonical AND e.asset_identifier = ?
                      AND e.block_height BETWEEN ? AND ? AND (NOT ? OR e.asset_event_type_id = 2)
                    ORDER BY e.block_height, e.microblock_sequence, e.tx_index, e.event_index
                    LIMIT 1""")) {
                ps.setString(1, assetIdentifier);
                ps.setInt(2, (int) lowHeight);
                ps.setInt(3, (int) maxHeight);
                ps.setBoolean(4, mintsOnly);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new EventRow(rs.getBytes(1), rs.getInt(2), rs.getLong(3))) : Optional.empty();
                }
            }
        });
    }
}

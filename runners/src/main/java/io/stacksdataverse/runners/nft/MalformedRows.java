package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.extract.stacks.db.nft.NftQueries;
import io.stacksdataverse.transform.nft.NftCollection;
import java.util.Optional;

/** The error of an NFT dataset that met an {@code asset_identifier} it cannot split into its parts. */
final class MalformedRows {
    private MalformedRows() {
    }

    /**
     * A permanent error naming the dataset, the first row with the identifier and what is wrong
     * with it: the data will not change by retrying, and nothing is published.
     */
    static StacksDatabaseStateException error(String dataset, NftCollection.MalformedAssetIdentifier e,
                                              Optional<NftQueries.EventRow> row) {
        String where = row.map(NftQueries.EventRow::toString).orElse("an nft_events row");
        StacksDatabaseStateException error = new StacksDatabaseStateException(dataset + ": " + where + ": " + e.getMessage());
        error.initCause(e);
        return error;
    }
}

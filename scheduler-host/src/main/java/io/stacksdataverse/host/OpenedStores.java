package io.stacksdataverse.host;

import io.stacksdataverse.spi.BlobStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stores the host opened, closed with it (an S3 client holds connections and threads). */
final class OpenedStores {
    private static final Logger LOG = LoggerFactory.getLogger(OpenedStores.class);
    private final List<BlobStore> stores = new ArrayList<>();

    synchronized BlobStore add(BlobStore store) {
        stores.add(store);
        return store;
    }

    synchronized void closeAll() {
        for (BlobStore store : stores) {
            if (store instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", store, e.toString());
                }
            }
        }
        stores.clear();
    }
}

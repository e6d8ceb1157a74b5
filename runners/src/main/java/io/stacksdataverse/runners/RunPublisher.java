package io.stacksdataverse.runners;

import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Publisher;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The {@link Publisher} of one task run: {@link DatasetPublisher}'s rules over the run's blob store
 * (which records the public keys for the CDN), for the run's date and latest flag.
 */
record RunPublisher(BlobStore blobs, LocalDate date, boolean latestRun) implements Publisher {

    @Override
    public List<String> publish(DatasetPath dataset, byte[] gzipped, Visibility fixedVisibility) throws IOException {
        return DatasetPublisher.publish(blobs, dataset, date, latestRun, fixedVisibility, gzipped);
    }

    @Override
    public List<String> publishFile(DatasetPath dataset, Path gzipped, Visibility fixedVisibility) throws IOException {
        return DatasetPublisher.publishFile(blobs, dataset, date, latestRun, fixedVisibility, gzipped);
    }

    @Override
    public List<String> publishAll(Map<DatasetPath, byte[]> gzipped, Visibility fixedVisibility) throws IOException {
        return DatasetPublisher.publishAll(blobs, gzipped, date, latestRun, fixedVisibility);
    }

    @Override
    public byte[] jsonObject(Map<String, ? extends Number> values) throws IOException {
        return DatasetPublisher.gzipJsonObject(values);
    }

    @Override
    public byte[] json(Object value) throws IOException {
        return DatasetPublisher.gzipJsonValue(value);
    }
}

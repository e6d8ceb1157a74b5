package io.stacksdataverse.loaders.blob;

import java.util.Locale;
import java.util.Optional;

/**
 * The content type (and content encoding) a blob store declares for a key, derived from its suffix.
 *
 * <p>A {@code .json.gz} or {@code .csv.gz} object holds gzip bytes. By default it is served as
 * {@code application/gzip} with no {@code Content-Encoding}, so consumers get the gzip bytes and
 * gunzip them themselves. With {@code declareGzipEncoding} it is served with
 * {@code Content-Encoding: gzip} and the type of the decoded body ({@code application/json},
 * {@code text/csv}), so browsers decode it transparently. Any other {@code .gz} key is
 * {@code application/gzip} without an encoding. Types never carry a {@code charset} parameter
 * (S3Proxy's Jetty rewrites a lower-case {@code charset=utf-8}, which breaks the request signature).
 */
public final class ContentTypes {
    public static final String GZIP = "application/gzip";
    public static final String JSON = "application/json";
    public static final String CSV = "text/csv";
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String GZIP_ENCODING = "gzip";

    private ContentTypes() {
    }

    /** The {@code Content-Type} of the object under {@code key}. */
    public static String contentType(String key, boolean declareGzipEncoding) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".gz")) {
            return declaresEncoding(k, declareGzipEncoding) ? plainType(k.substring(0, k.length() - 3)) : GZIP;
        }
        return plainType(k);
    }

    /** The {@code Content-Encoding} of the object under {@code key}: {@code gzip} only when declared. */
    public static Optional<String> contentEncoding(String key, boolean declareGzipEncoding) {
        return declaresEncoding(key.toLowerCase(Locale.ROOT), declareGzipEncoding) ? Optional.of(GZIP_ENCODING) : Optional.empty();
    }

    private static boolean declaresEncoding(String lowerKey, boolean declareGzipEncoding) {
        return declareGzipEncoding && (lowerKey.endsWith(".json.gz") || lowerKey.endsWith(".csv.gz"));
    }

    private static String plainType(String lowerKey) {
        if (lowerKey.endsWith(".json")) {
            return JSON;
        }
        if (lowerKey.endsWith(".csv")) {
            return CSV;
        }
        return OCTET_STREAM;
    }
}

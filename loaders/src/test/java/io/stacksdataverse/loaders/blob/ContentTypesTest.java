package io.stacksdataverse.loaders.blob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypesTest {

    @Test
    void gzipObjectsAreApplicationGzipWithoutEncodingByDefault() {
        for (String key : new String[] {"a/latest.json.gz", "a/latest.csv.gz", "a/raw.txt.gz", "a/x.tar.gz"}) {
            assertThat(ContentTypes.contentType(key, false)).as(key).isEqualTo("application/gzip");
            assertThat(ContentTypes.contentEncoding(key, false)).as(key).isEmpty();
        }
    }

    @Test
    void declaredEncodingGivesTheDecodedType() {
        assertThat(ContentTypes.contentType("a/latest.json.gz", true)).isEqualTo("application/json");
        assertThat(ContentTypes.contentType("a/latest.csv.gz", true)).isEqualTo("text/csv");
        assertThat(ContentTypes.contentEncoding("a/latest.JSON.GZ", true)).contains("gzip");
        assertThat(ContentTypes.contentType("a/x.tar.gz", true)).isEqualTo("application/gzip");
        assertThat(ContentTypes.contentEncoding("a/x.tar.gz", true)).isEmpty();
    }

    @Test
    void plainSuffixesAndNoCharset() {
        assertThat(ContentTypes.contentType("a.json", false)).isEqualTo("application/json");
        assertThat(ContentTypes.contentType("a.csv", true)).isEqualTo("text/csv");
        assertThat(ContentTypes.contentType("a.parquet", false)).isEqualTo("application/octet-stream");
        assertThat(ContentTypes.contentType("a", false)).isEqualTo("application/octet-stream");
        for (String key : new String[] {"a.json", "a.csv", "a.json.gz", "a.csv.gz", "a.bin"}) {
            assertThat(ContentTypes.contentType(key, true)).doesNotContainIgnoringCase("charset");
            assertThat(ContentTypes.contentType(key, false)).doesNotContainIgnoringCase("charset");
        }
    }
}

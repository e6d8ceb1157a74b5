package io.stacksdataverse.spi;

/** Who may read a blob. */
public enum Visibility {
    /** Read by the dashboard and the public: written with the configured public ACL ({@code public-read} by default). */
    PUBLIC,
    /** The store's default (private on S3): dated archives, {@code sanity_check}, the raw zone. */
    PRIVATE
}

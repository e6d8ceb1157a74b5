package io.stacksdataverse.loaders.blob;

/**
 * The rules every store applies to keys, so a dataset that works on a local folder works on S3 and
 * the other way round: a key is a relative path of non-empty segments separated by {@code /}, with
 * no {@code .} or {@code ..} segment, no backslash, no control character, and no segment starting
 * with {@code .tmp-} (reserved for the temporary files of {@link LocalBlobStore}).
 */
final class BlobKeys {
    static final String TEMP_PREFIX = ".tmp-";

    private BlobKeys() {
    }

    /** {@code key}, or an {@link IllegalArgumentException} naming it. */
    static String check(String key) {
        if (key == null) {
            throw new IllegalArgumentException("blob key must not be null");
        }
        String problem = problem(key, false);
        if (problem != null) {
            throw new IllegalArgumentException("invalid blob key '" + key + "': " + problem);
        }
        return key;
    }

    /**
     * A listing prefix: a plain string prefix of keys (it need not end at a segment boundary), empty
     * for every key. It follows the key rules, except that it may be empty or end with {@code /}.
     */
    static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("blob key prefix must not be null");
        }
        String problem = problem(prefix, true);
        if (problem != null) {
            throw new IllegalArgumentException("invalid blob key prefix '" + prefix + "': " + problem);
        }
        return prefix;
    }

    private static String problem(String s, boolean isPrefix) {
        if (s.isEmpty()) {
            return isPrefix ? null : "it is empty";
        }
        if (s.startsWith("/")) {
            return "it must be relative (no leading /)";
        }
        if (s.indexOf('\\') >= 0) {
            return "it contains a backslash (separate segments with /)";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "it contains a control character";
            }
        }
        String[] segments = s.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty()) {
                if (isPrefix && last) {
                    continue;
                }
                return "it has an empty segment (// or a trailing /)";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "it has a '" + segment + "' segment";
            }
            if (!isPrefix && segment.startsWith(TEMP_PREFIX)) {
                return "segments starting with " + TEMP_PREFIX + " are reserved for temporary files";
            }
        }
        return null;
    }
}

package io.orderhub.canonical;

/** One offending field of a request, named by its JSON path, and why. */
public record FieldError(String field, String reason) {
}

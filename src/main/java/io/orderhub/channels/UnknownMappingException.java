package io.orderhub.channels;

/** A request names a mapping (a folder under mappings/) the hub does not have. */
public class UnknownMappingException extends RuntimeException {

    public UnknownMappingException(String message) {
        super(message);
    }
}

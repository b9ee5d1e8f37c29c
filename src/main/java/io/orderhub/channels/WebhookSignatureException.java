package io.orderhub.channels;

/** A webhook whose signature is missing, wrong, or from an unknown shop: answered 401, nothing stored. */
public class WebhookSignatureException extends RuntimeException {

    public WebhookSignatureException(String message) {
        super(message);
    }
}

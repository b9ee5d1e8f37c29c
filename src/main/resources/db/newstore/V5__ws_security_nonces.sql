-- New store: the WS-Security UsernameToken nonces every hub instance has accepted, so a captured
-- POS request replayed to another instance is refused too. A row lives only as long as a token
-- with that nonce could still be fresh (expires_at = Created + window + allowed clock skew); rows
-- past it are purged, so the table holds at most the nonces of one window. The key is the SHA-256
-- of user and nonce (hex): bounded in size whatever a caller sends.
CREATE TABLE ws_security_nonces (
    nonce_key   char(64)    NOT NULL PRIMARY KEY,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX ws_security_nonces_expiry ON ws_security_nonces (expires_at);

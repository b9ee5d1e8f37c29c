package io.orderhub.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code orderhub.security.*}: API keys from config and how JWT claims become roles and scopes. */
@ConfigurationProperties(prefix = "orderhub.security")
public class SecuritySettings {

    /** SHA-256 (hex) of an admin key given by config (ORDERHUB_ADMIN_KEY_SHA256); empty: none. */
    private String adminKeySha256 = "";
    /** Further keys from config, each with its hash, roles and scopes. */
    private List<ConfiguredKey> apiKeys = new ArrayList<>();
    /** Create an admin key on first start when no credential is configured. */
    private boolean firstStartKey = true;
    private final Jwt jwt = new Jwt();

    public String getAdminKeySha256() {
        return adminKeySha256;
    }

    public void setAdminKeySha256(String adminKeySha256) {
        this.adminKeySha256 = adminKeySha256 == null ? "" : adminKeySha256.trim();
    }

    public List<ConfiguredKey> getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(List<ConfiguredKey> apiKeys) {
        this.apiKeys = apiKeys;
    }

    public boolean isFirstStartKey() {
        return firstStartKey;
    }

    public void setFirstStartKey(boolean firstStartKey) {
        this.firstStartKey = firstStartKey;
    }

    public Jwt getJwt() {
        return jwt;
    }

    /** One key from config. */
    public static class ConfiguredKey {
        private String id;
        private String sha256;
        private List<String> roles = new ArrayList<>();
        private List<String> scopes = new ArrayList<>();

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getSha256() {
            return sha256;
        }

        public void setSha256(String sha256) {
            this.sha256 = sha256;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }
    }

    /** Claims of a bearer token. */
    public static class Jwt {
        private String issuerUri = "";
        private String jwkSetUri = "";
        private String publicKeyLocation = "";
        /** Claim holding the roles (a list or a space-separated string). */
        private String rolesClaim = "roles";
        /** Claim holding the channel scopes (channel:shop). */
        private String scopesClaim = "orderhub_scopes";

        public String getIssuerUri() {
            return issuerUri;
        }

        public void setIssuerUri(String issuerUri) {
            this.issuerUri = issuerUri == null ? "" : issuerUri.trim();
        }

        public String getJwkSetUri() {
            return jwkSetUri;
        }

        public void setJwkSetUri(String jwkSetUri) {
            this.jwkSetUri = jwkSetUri == null ? "" : jwkSetUri.trim();
        }

        public String getPublicKeyLocation() {
            return publicKeyLocation;
        }

        public void setPublicKeyLocation(String publicKeyLocation) {
            this.publicKeyLocation = publicKeyLocation == null ? "" : publicKeyLocation.trim();
        }

        /** Whether bearer tokens are taken at all. */
        public boolean enabled() {
            return !issuerUri.isEmpty() || !jwkSetUri.isEmpty() || !publicKeyLocation.isEmpty();
        }

        public String getRolesClaim() {
            return rolesClaim;
        }

        public void setRolesClaim(String rolesClaim) {
            this.rolesClaim = rolesClaim;
        }

        public String getScopesClaim() {
            return scopesClaim;
        }

        public void setScopesClaim(String scopesClaim) {
            this.scopesClaim = scopesClaim;
        }
    }
}

// For the bench page: jose's verifier.
export { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from "jose";

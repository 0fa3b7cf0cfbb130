/**
 * Token verification: which zone key opens a token, whether it is fresh, static tokens, and the
 * replay cache that makes each token single-use. Domain; knows no transport.
 */
package dev.beacon.auth;

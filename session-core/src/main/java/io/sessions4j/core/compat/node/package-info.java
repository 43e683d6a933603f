/**
 * Opt-in compatibility with the Node session packages, for applications moving from Node to Java
 * one route at a time behind one domain: express-session's signed id cookie and stored document,
 * and express-mysql-session's table (connect-redis's key layout is in {@code session-store-redis}).
 * Never the default: sessions4j's own formats stay the recommendation, and {@code
 * docs/migrating-from-node.md} has the runbook that leaves these formats without logging anyone out.
 */
package io.sessions4j.core.compat.node;

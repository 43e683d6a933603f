/**
 * connect-redis's key layout for the Node bridge ({@code compat=express-session}): a store that
 * shares live sessions with an Express app using express-session and connect-redis.
 */
package io.sessions4j.store.redis.compat.node;

/** The confidentiality policy: every read of shared content is decided here. */
export * from './actor.ts';
export * from './read-policy.ts';
export * from './sql-predicate.ts';
export * from './portfolio-policy.ts';

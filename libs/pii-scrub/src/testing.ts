/**
 * Test doubles and fixtures for @cited/pii-scrub. Never imported by the main entry point.
 */
export {};

/**
 * Test doubles and fixtures for @cited/dataset-manifest. Never imported by the main entry point.
 */
export {};

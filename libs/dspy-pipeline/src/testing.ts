/**
 * Test doubles and fixtures for @cited/dspy-pipeline. Never imported by the main entry point.
 */
export {};

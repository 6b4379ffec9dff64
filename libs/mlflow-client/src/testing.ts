/**
 * Test doubles and fixtures for @cited/mlflow-client. Never imported by the main entry point.
 */
export {};

/**
 * Test doubles and fixtures for @cited/mlflow-client. Never imported by the main entry point.
 */
export { projectPython, readTracesWithPython } from './lib/testing/python-trace-reader';
export type { PythonSpan, PythonTrace, PythonTraceQuery } from './lib/testing/python-trace-reader';

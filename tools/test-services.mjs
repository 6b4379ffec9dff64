// Services the test run needs, started once before `nx run-many -t test` and handed to
// every project through environment variables. Each project's own setup starts what it
// needs when run alone (e.g. `npx nx test mlflow-client`).

/**
 * @param {Record<string, string | undefined>} env mutated: receives the services' URIs.
 * @returns {Promise<{ stop: () => Promise<void> }>}
 */
export async function startTestServices(env) {
  void env;
  return { stop: async () => {} };
}

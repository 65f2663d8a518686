// The environment of run_command children, shared by every host (CLI and
// VS Code): the host's own, minus every variable named like a credential, so
// that a command the model asked for cannot print a secret into its context.

/** Variable names that look like credentials. */
const SECRET_NAME = /(^|_)(API_?KEY|ACCESS_?KEY|SECRET|SECRETS|TOKEN|PASSWORD|PASSWD|CREDENTIALS?|PRIVATE_?KEY)(_|$)/i;

/**
 * `env` without secret-looking variables and without `alsoDrop` (names the host
 * knows hold secrets whatever they are called, e.g. the CLI's --api-key-env).
 */
export function commandEnvironment(env: NodeJS.ProcessEnv, alsoDrop: readonly string[] = []): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (!SECRET_NAME.test(key) && !alsoDrop.includes(key)) out[key] = value;
  return out;
}

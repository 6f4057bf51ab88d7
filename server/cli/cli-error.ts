/**
 * The CLI's expected failures: a message in Indonesian and in English and an exit code
 * (1 = the command failed, 2 = it was used wrongly). server/cli.ts prints them without
 * a stack; anything else is an unexpected error.
 */

/** A refusal or failure with its message in both languages. */
export class CliError extends Error {
  constructor(
    readonly id: string,
    readonly en: string,
    readonly exitCode = 1,
  ) {
    super(en);
  }
}

/** Wrong use of a command (exit code 2; the CLI points to --help). */
export const usage = (id: string, en: string) => new CliError(id, en, 2);

import type { Text } from '../kube/text.ts';

/** A mistake in how the CLI was called: printed in the user's language, exit code 2. */
export class UsageError extends Error {
  readonly text: Text;

  constructor(message: Text) {
    super(message.en);
    this.name = 'UsageError';
    this.text = message;
  }
}

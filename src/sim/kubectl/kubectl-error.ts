import type { Text } from '../../kube/text.ts';

/** An error a kubectl command prints (client-side, not an API Status), in both languages. */
export class KubectlError extends Error {
  readonly text: Text;

  constructor(message: Text) {
    super(message.en);
    this.name = 'KubectlError';
    this.text = message;
  }
}

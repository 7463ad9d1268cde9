/**
 * Runs the `orchestra` CLI in this process, once per command line, and reports how long each took
 * and the most memory the whole process ever held: the hostile corpus test grades every hostile
 * submission through this, in one process, so that it costs one Node start-up, not one per case.
 *
 *   node tests/hostile/measure.ts commands.json   # a JSON array of argument arrays
 *
 * Prints a JSON object: { runs: [{ code, stdout, stderr, ms }], maxRssMb }.
 */
import { readFileSync } from 'node:fs';

const { main } = await import('../../src/cli/main.ts');
const commands = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[][];
const runs: { code: number; stdout: string; stderr: string; ms: number }[] = [];
for (const args of commands) {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await main(args, { out: (s) => (stdout += s), err: (s) => (stderr += s), isTty: false, errIsTty: false, env: process.env, cwd: process.cwd() });
  runs.push({ code, stdout, stderr, ms: Math.round(performance.now() - started) });
}
process.stdout.write(`${JSON.stringify({ runs, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);

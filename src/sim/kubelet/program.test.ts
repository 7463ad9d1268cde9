import { describe, expect, it } from 'vitest';
import { execHook, programFor } from './program.ts';

const shell = { shell: true };

describe('what a shell image runs', () => {
  it.each([
    [[], [], { exitAfterMs: 0, exitCode: 0 }],
    [['sleep', '30'], [], { exitAfterMs: 30_000, exitCode: 0 }],
    [['sh', '-c'], ['sleep 5; exit 3'], { exitAfterMs: 5000, exitCode: 3 }],
    [['sh', '-c', 'false && sleep 100'], [], { exitAfterMs: 0, exitCode: 1 }],
    [['sh', '-c', 'false; sleep 2'], [], { exitAfterMs: 2000, exitCode: 0 }],
    [['/bin/sh', '-c', 'sleep 1m'], [], { exitAfterMs: 60_000, exitCode: 0 }],
    [['true'], [], { exitAfterMs: 0, exitCode: 0 }],
    [['false'], [], { exitAfterMs: 0, exitCode: 1 }],
  ] as const)('%j %j', (command, args, expected) => {
    expect(programFor(shell, command, args)).toMatchObject(expected);
  });

  it.each([[['sleep', 'infinity']], [['tail', '-f', '/dev/null']], [['sh', '-c', 'tail -F /logs/access.log']], [['tail', '--follow=name', 'x.log']], [['sh', '-c', 'while true; do echo hello; sleep 10; done']]])('%j runs until stopped', (command) => {
    expect(programFor(shell, command).exitAfterMs).toBeUndefined();
  });

  it('keeps what echo prints as log lines', () => {
    expect(programFor(shell, ['sh', '-c', 'echo "hello world"; sleep 1']).logs).toEqual(['hello world']);
    expect(programFor(shell, ['sh', '-c', 'while true; do echo tick; sleep 1; done']).logs).toEqual(['tick']);
  });
});

describe('what a catalog image runs', () => {
  it('a server runs until stopped; a crash or a batch job ends with its exit code', () => {
    expect(programFor({ ports: [80] }).exitAfterMs).toBeUndefined();
    expect(programFor({ crashAfterSeconds: 5 })).toMatchObject({ exitAfterMs: 5000, exitCode: 1 });
    expect(programFor({ exitAfterSeconds: 20 })).toMatchObject({ exitAfterMs: 20_000, exitCode: 0 });
    expect(programFor({ exitAfterSeconds: 20, exitCode: 4 })).toMatchObject({ exitCode: 4 });
  });

  it('a flaky app fails its first runs in the cluster with exit code 1, then succeeds', () => {
    const flaky = { exitAfterSeconds: 20, failFirstRuns: 2 };
    expect(programFor(flaky, [], [], 0)).toMatchObject({ exitAfterMs: 20_000, exitCode: 1 });
    expect(programFor(flaky, [], [], 1)).toMatchObject({ exitAfterMs: 20_000, exitCode: 1 });
    expect(programFor(flaky, [], [], 2)).toMatchObject({ exitAfterMs: 20_000, exitCode: 0 });
  });
});

describe('what an exec lifecycle hook runs', () => {
  it('times a shell script by its sleeps and fails it by its exit code', () => {
    expect(execHook({}, ['sh', '-c', 'sleep 5'])).toEqual({ ms: 5000, exitCode: 0 });
    expect(execHook({}, ['sleep', '10'])).toEqual({ ms: 10_000, exitCode: 0 });
    expect(execHook({}, ['sh', '-c', 'sleep 2; exit 3'])).toEqual({ ms: 2000, exitCode: 3 });
    expect(execHook({}, ['sleep', 'infinity'])).toEqual({ exitCode: 0 });
  });

  it("runs any other program as the image's own tool: hookSeconds, hookExitCode", () => {
    expect(execHook({}, ['nginx', '-s', 'quit'])).toEqual({ ms: 0, exitCode: 0 });
    expect(execHook({ hookSeconds: 4 }, ['nginx', '-s', 'quit'])).toEqual({ ms: 4000, exitCode: 0 });
    expect(execHook({ hookSeconds: 4, hookExitCode: 1 }, ['sh', '-c', '/app/drain && sleep 5'])).toEqual({ ms: 4000, exitCode: 1 });
    expect(execHook({ hookSeconds: 4 }, ['sh', '-c', '/app/drain; sleep 5'])).toEqual({ ms: 9000, exitCode: 0 });
  });

  it('leaves container commands as they were: an unknown program there succeeds at once', () => {
    expect(programFor({ shell: true, hookSeconds: 4 }, ['sh', '-c', 'myapp; sleep 1'])).toMatchObject({ exitAfterMs: 1000, exitCode: 0 });
  });
});

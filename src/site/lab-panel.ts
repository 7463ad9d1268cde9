/**
 * The lab panel: a YAML editor with the starter files (a tab per file), kept in localStorage per lab;
 * "Grade" runs the lab's grader on the simulator in a Web Worker and shows the score, each check with
 * its message and hint, and marks the lines at fault in the editor. Cancel stops a grading that runs
 * too long.
 */
import { yaml } from '@codemirror/lang-yaml';
import { EditorState, RangeSetBuilder, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { GradeRequest, GradeResponse } from './grade-worker.ts';
import type { CheckResult, GradeResult } from '../grading/result.ts';

interface PanelConfig {
  lab: GradeRequest['lab'];
  starter: { path: string; text: string }[];
  lang: 'ko' | 'en';
  text: Record<'grade' | 'grading' | 'cancel' | 'reset' | 'score' | 'hint' | 'cancelled' | 'failed' | 'resetConfirm', string>;
}

const setFaults = StateEffect.define<number[]>();
const faultLines = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setFaults)) continue;
      const builder = new RangeSetBuilder<Decoration>();
      for (const line of [...new Set(e.value)].sort((a, b) => a - b)) {
        if (line < 1 || line > tr.state.doc.lines) continue;
        const from = tr.state.doc.line(line).from;
        builder.add(from, from, Decoration.line({ class: 'cm-orchestra-fault' }));
      }
      next = builder.finish();
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function setup(root: HTMLElement): void {
  const config = JSON.parse(root.querySelector('script[type="application/json"]')!.textContent!) as PanelConfig;
  const storageKey = `orchestra:lab:${config.lab.id}`;
  const saved = (() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Record<string, string> | null;
    } catch {
      return null;
    }
  })();
  const contents = new Map(config.starter.map((f) => [f.path, saved?.[f.path] ?? f.text]));
  const tabs = root.querySelector<HTMLElement>('.tabs')!;
  const host = root.querySelector<HTMLElement>('.editor')!;
  const output = root.querySelector<HTMLElement>('.results')!;
  const gradeButton = root.querySelector<HTMLButtonElement>('button.grade')!;
  const cancelButton = root.querySelector<HTMLButtonElement>('button.cancel')!;
  const resetButton = root.querySelector<HTMLButtonElement>('button.reset')!;
  let current = config.starter[0]!.path;
  let faults = new Map<string, number[]>();
  const save = (): void => localStorage.setItem(storageKey, JSON.stringify(Object.fromEntries(contents)));
  const state = (path: string): EditorState =>
    EditorState.create({
      doc: contents.get(path) ?? '',
      extensions: [
        basicSetup,
        yaml(),
        faultLines,
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          contents.set(current, u.state.doc.toString());
          save();
        }),
        EditorView.contentAttributes.of({ 'aria-label': current }),
      ],
    });
  const view = new EditorView({ parent: host, state: state(current) });
  const show = (path: string): void => {
    current = path;
    view.setState(state(path));
    view.dispatch({ effects: setFaults.of(faults.get(path) ?? []) });
    for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-selected', String(b.dataset.path === path));
  };
  for (const f of config.starter) {
    const b = document.createElement('button');
    b.type = 'button';
    b.role = 'tab';
    b.dataset.path = f.path;
    b.textContent = f.path;
    b.addEventListener('click', () => show(f.path));
    tabs.append(b);
  }
  show(current);

  let worker: Worker | undefined;
  const stop = (): void => {
    worker?.terminate();
    worker = undefined;
    gradeButton.disabled = false;
    cancelButton.hidden = true;
  };
  gradeButton.addEventListener('click', () => {
    stop();
    gradeButton.disabled = true;
    cancelButton.hidden = false;
    output.textContent = config.text.grading;
    worker = new Worker(new URL('./grade-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<GradeResponse>) => {
      stop();
      if (!event.data.ok) {
        output.textContent = `${config.text.failed}: ${event.data.error}`;
        return;
      }
      render(event.data.result);
    };
    const request: GradeRequest = { lab: config.lab, files: [...contents].map(([path, text]) => ({ path, text })), lang: config.lang };
    worker.postMessage(request);
  });
  cancelButton.addEventListener('click', () => {
    stop();
    output.textContent = config.text.cancelled;
  });
  resetButton.addEventListener('click', () => {
    if (!confirm(config.text.resetConfirm)) return;
    localStorage.removeItem(storageKey);
    for (const f of config.starter) contents.set(f.path, f.text);
    faults = new Map();
    output.textContent = '';
    show(current);
  });

  const render = (result: GradeResult): void => {
    faults = new Map();
    for (const c of result.checks) for (const l of c.locations) faults.set(l.file, [...(faults.get(l.file) ?? []), l.line]);
    view.dispatch({ effects: setFaults.of(faults.get(current) ?? []) });
    output.replaceChildren();
    const score = document.createElement('p');
    score.className = 'score';
    score.textContent = `${config.text.score}: ${result.score}/${result.maxScore}`;
    output.append(score);
    const list = document.createElement('ul');
    for (const c of result.checks) list.append(checkItem(c));
    output.append(list);
  };

  const checkItem = (c: CheckResult): HTMLElement => {
    const li = document.createElement('li');
    li.className = `check ${c.status}`;
    const head = document.createElement('strong');
    head.textContent = `${{ pass: '✔', partial: '◐', fail: '✘', error: '!', skipped: '–' }[c.status]} ${c.title} (${c.points}/${c.maxPoints})`;
    li.append(head);
    const msg = document.createElement('p');
    msg.textContent = c.message;
    li.append(msg);
    for (const loc of c.locations) {
      const a = document.createElement('button');
      a.type = 'button';
      a.className = 'location';
      a.textContent = `${loc.file}:${loc.line}:${loc.column}`;
      a.addEventListener('click', () => {
        if (contents.has(loc.file)) show(loc.file);
        const line = view.state.doc.line(Math.min(loc.line, view.state.doc.lines));
        view.dispatch({ selection: { anchor: line.from + Math.max(0, loc.column - 1) }, scrollIntoView: true });
        view.focus();
      });
      li.append(a);
    }
    if (c.hints[0]) {
      const hint = document.createElement('p');
      hint.className = 'hint';
      hint.textContent = `${config.text.hint}: ${c.hints[0]}`;
      li.append(hint);
    }
    return li;
  };
}

for (const el of document.querySelectorAll<HTMLElement>('.orchestra-panel')) setup(el);

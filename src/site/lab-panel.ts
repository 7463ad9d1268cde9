/**
 * The lab panel: a YAML editor with the starter files (a tab per file), kept in localStorage per lab;
 * "Grade" runs the lab's grader on the simulator in a Web Worker and shows the score, each check with
 * its message and hint, and marks the lines at fault in the editor. Cancel stops a grading that runs
 * too long.
 */
import { syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { EditorState, RangeSetBuilder, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import type { GradeRequest, GradeResponse, WarmRequest } from './grade-worker.ts';
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

/**
 * The editor in the site's colours, light or dark: Starlight's variables, whose "-high" shades are
 * its high-contrast text colours in both themes. Tokens carry classHighlighter's `tok-*` classes
 * (coloured in Lab.astro) instead of CodeMirror's default palette, which is made for a white page.
 */
const siteTheme = EditorView.theme({
  '&': { color: 'var(--sl-color-text)', backgroundColor: 'var(--sl-color-bg)', maxHeight: '32rem', fontSize: 'var(--sl-text-code)' },
  '.cm-scroller': { overflow: 'auto', fontFamily: 'var(--__sl-font-mono)' },
  '.cm-content': { caretColor: 'var(--sl-color-white)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--sl-color-white)' },
  '.cm-gutters': { backgroundColor: 'var(--sl-color-bg)', color: 'var(--sl-color-gray-3)', borderRight: '1px solid var(--sl-color-gray-5)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--sl-color-gray-6)' },
  '.cm-activeLineGutter': { color: 'var(--sl-color-white)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--sl-color-accent-low)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--sl-color-accent-low)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--sl-color-accent-low)', outline: '1px solid var(--sl-color-accent)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--sl-color-gray-6)', color: 'var(--sl-color-text)', border: '1px solid var(--sl-color-gray-5)' },
  '.cm-tooltip': { backgroundColor: 'var(--sl-color-gray-6)', color: 'var(--sl-color-text)', border: '1px solid var(--sl-color-gray-5)' },
});

function setup(root: HTMLElement): void {
  const config = JSON.parse(root.querySelector('script[type="application/json"]')!.textContent!) as PanelConfig;
  // A lab whose starter is empty (write everything yourself) starts from one empty file.
  if (config.starter.length === 0) config.starter = [{ path: 'manifests.yaml', text: '' }];
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
        syntaxHighlighting(classHighlighter),
        siteTheme,
        faultLines,
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          contents.set(current, u.state.doc.toString());
          save();
        }),
        // tabindex: the editing area is what keyboard users reach the scrolling editor by.
        EditorView.contentAttributes.of({ 'aria-label': current, tabindex: '0' }),
      ],
    });
  const view = new EditorView({ parent: host, state: state(current) });
  const show = (path: string): void => {
    current = path;
    view.setState(state(path));
    view.dispatch({ effects: setFaults.of(faults.get(path) ?? []) });
    for (const b of tabs.querySelectorAll<HTMLButtonElement>('button')) {
      const selected = b.dataset.path === path;
      b.setAttribute('aria-selected', String(selected));
      b.tabIndex = selected ? 0 : -1;
      if (selected) host.setAttribute('aria-labelledby', b.id);
    }
  };
  config.starter.forEach((f, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.role = 'tab';
    b.id = `lab-${config.lab.id}-tab-${i}`;
    b.dataset.path = f.path;
    b.textContent = f.path;
    b.setAttribute('aria-controls', host.id);
    b.addEventListener('click', () => show(f.path));
    tabs.append(b);
  });
  // Arrow keys move between the file tabs, as in the ARIA tabs pattern.
  tabs.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const all = [...tabs.querySelectorAll<HTMLButtonElement>('button')];
    const at = all.findIndex((b) => b.dataset.path === current);
    const next = all[(at + (e.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length]!;
    show(next.dataset.path!);
    next.focus();
    e.preventDefault();
  });
  show(current);

  // One worker per panel, started when the page is idle and told to load the lab's grader, so that
  // Grade only runs the grading; it stays for the next Grade and is replaced only after a cancel.
  let worker: Worker | undefined;
  let grading = false;
  const ensureWorker = (): Worker => {
    if (worker) return worker;
    worker = new Worker(new URL('./grade-worker.ts', import.meta.url), { type: 'module' });
    worker.postMessage({ warm: config.lab.id } satisfies WarmRequest);
    worker.onmessage = (event: MessageEvent<GradeResponse>) => {
      if (!grading) return;
      done();
      if (!event.data.ok) {
        output.textContent = `${config.text.failed}: ${event.data.error}`;
        return;
      }
      render(event.data.result);
    };
    return worker;
  };
  const done = (): void => {
    grading = false;
    gradeButton.disabled = false;
    cancelButton.hidden = true;
  };
  (window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200)))(() => ensureWorker());
  gradeButton.addEventListener('click', () => {
    grading = true;
    gradeButton.disabled = true;
    cancelButton.hidden = false;
    output.textContent = config.text.grading;
    const request: GradeRequest = { lab: config.lab, files: [...contents].map(([path, text]) => ({ path, text })), lang: config.lang };
    ensureWorker().postMessage(request);
  });
  cancelButton.addEventListener('click', () => {
    worker?.terminate();
    worker = undefined;
    done();
    output.textContent = config.text.cancelled;
  });
  resetButton.addEventListener('click', () => {
    if (!confirm(config.text.resetConfirm)) return;
    localStorage.removeItem(storageKey);
    localStorage.removeItem(hintKey);
    for (const id of Object.keys(failedBefore)) delete failedBefore[id];
    for (const f of config.starter) contents.set(f.path, f.text);
    faults = new Map();
    output.textContent = '';
    show(current);
  });

  // Hints come one at a time: a check that fails again shows its next hint too (kept per lab, like the work).
  const hintKey = `${storageKey}:hints`;
  const failedBefore = ((): Record<string, number> => {
    try {
      return JSON.parse(localStorage.getItem(hintKey) ?? '{}') as Record<string, number>;
    } catch {
      return {};
    }
  })();
  const render = (result: GradeResult): void => {
    for (const c of result.checks) failedBefore[c.id] = c.status === 'pass' || c.status === 'skipped' ? 0 : (failedBefore[c.id] ?? 0) + 1;
    localStorage.setItem(hintKey, JSON.stringify(failedBefore));
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
    for (const text of c.hints.slice(0, Math.max(1, failedBefore[c.id] ?? 1))) {
      const hint = document.createElement('p');
      hint.className = 'hint';
      hint.textContent = `${config.text.hint}: ${text}`;
      li.append(hint);
    }
    return li;
  };
}

for (const el of document.querySelectorAll<HTMLElement>('.orchestra-panel')) setup(el);

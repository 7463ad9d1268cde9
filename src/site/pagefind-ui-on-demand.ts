/**
 * Stands in for `@pagefind/default-ui` (an alias in astro.config.mjs). Starlight's search builds the
 * Pagefind UI as soon as a page is idle, so every page downloads the UI (about 26 kB gzip) whether
 * or not anyone searches. This class takes the same options but builds the real UI only when the
 * search dialog first opens, getting a head start when the search button is hovered or focused.
 */
import type { PagefindUIOptions } from '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs';

export class PagefindUI {
  constructor(options: PagefindUIOptions) {
    const dialog = document.querySelector(options.element)?.closest('dialog');
    let loading: Promise<void> | undefined;
    const load = (): Promise<void> =>
      (loading ??= import('@pagefind/default-ui/npm_dist/mjs/ui-core.mjs').then(({ PagefindUI: RealUI }) => {
        new RealUI(options);
        // Starlight focused the input when it opened the dialog, before the input existed.
        if (dialog?.open) dialog.querySelector('input')?.focus();
      }));
    // Starlight builds this when the page is idle, which can be after the dialog was opened.
    if (!dialog || dialog.open) {
      void load();
      return;
    }
    const button = document.querySelector('button[data-open-modal]');
    for (const type of ['pointerenter', 'focus']) button?.addEventListener(type, () => void load(), { once: true });
    new MutationObserver((_, observer) => {
      if (!dialog.open) return;
      observer.disconnect();
      void load();
    }).observe(dialog, { attributes: true, attributeFilter: ['open'] });
  }
}

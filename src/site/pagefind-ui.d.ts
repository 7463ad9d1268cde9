/** The part of Pagefind's UI module (it ships no types) that pagefind-ui-on-demand.ts uses. */
declare module '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs' {
  export interface PagefindUIOptions {
    /** A selector for the element the UI is drawn into. */
    element: string;
    [option: string]: unknown;
  }
  export class PagefindUI {
    constructor(options: PagefindUIOptions);
  }
}

/// <reference types="astro/client" />

/** Set in astro.config.mjs: true when Mermaid diagrams are drawn in the browser. */
declare const __ORCHESTRA_CLIENT_MERMAID__: boolean;

// @ts-check
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import starlight from '@astrojs/starlight';
import rehypeMermaid from 'rehype-mermaid';
import { rehypeRawSvg } from './src/site/rehype-raw-svg.ts';

/**
 * Mermaid diagrams become inline SVG at build time, drawn by a headless Chromium (rehype-mermaid).
 * Without Chromium the build still succeeds: diagrams are left for the browser to draw and the
 * log says so.
 */
const chromium = process.env.ORCHESTRA_CHROMIUM ?? '/usr/bin/chromium';
const buildTimeDiagrams = existsSync(chromium) && process.env.ORCHESTRA_CLIENT_MERMAID !== '1';
if (!buildTimeDiagrams) {
  console.warn(`[orchestra] Chromium not found at ${chromium}: Mermaid diagrams will be drawn in the browser instead of at build time.`);
}

export default defineConfig({
  site: 'https://orchestra.example.org',
  vite: {
    resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
    define: { __ORCHESTRA_CLIENT_MERMAID__: JSON.stringify(!buildTimeDiagrams) },
  },
  markdown: {
    processor: unified({
      rehypePlugins: [
        [
          rehypeMermaid,
          buildTimeDiagrams
            ? {
                strategy: 'inline-svg',
                mermaidConfig: { theme: 'default', fontFamily: '"Noto Sans CJK KR", "Noto Sans KR", sans-serif' },
                launchOptions: {
                  executablePath: chromium,
                  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
                },
              }
            : { strategy: 'pre-mermaid' },
        ],
        rehypeRawSvg,
      ],
    }),
  },
  integrations: [
    starlight({
      title: { ko: 'Orchestra: 쿠버네티스 코스', en: 'Orchestra: a Kubernetes course' },
      defaultLocale: 'root',
      locales: {
        root: { label: '한국어', lang: 'ko' },
        en: { label: 'English', lang: 'en' },
      },
      customCss: ['./src/styles/course.css'],
      components: { Head: './src/components/Head.astro' },
      sidebar: [
        { label: '1. 왜 오케스트레이션인가', translations: { en: '1. Why orchestration' }, items: [{ autogenerate: { directory: 'orchestration' } }] },
      ],
    }),
  ],
});

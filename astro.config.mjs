// @ts-check
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import starlight from '@astrojs/starlight';
import rehypeMermaid from 'rehype-mermaid';
import starlightLinksValidator from 'starlight-links-validator';
import { linkCheck } from './src/site/link-check.ts';
import { rehypeRawSvg } from './src/site/rehype-raw-svg.ts';
import { rehypeScrollableTables } from './src/site/rehype-scrollable-tables.ts';

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

/** The course's modules: one content folder each, in order. A module appears once its folder exists. */
const MODULES = [
  { directory: 'orchestration', ko: '1. 왜 오케스트레이션인가', en: '1. Why orchestration' },
  { directory: 'design', ko: '2. 설계 사상', en: '2. Design principles' },
  { directory: 'architecture', ko: '3. 아키텍처', en: '3. Architecture' },
  { directory: 'workloads', ko: '4. 파드, 서비스, 디플로이먼트', en: '4. Pods, Services, Deployments' },
  { directory: 'scaling', ko: '5. 스케일링과 오토스케일링', en: '5. Scaling and autoscaling' },
  { directory: 'scheduling', ko: '6. 스케줄링', en: '6. Scheduling' },
  { directory: 'self-healing', ko: '7. 자가 치유', en: '7. Self-healing' },
  { directory: 'networking', ko: '8. 서비스 디스커버리와 로드 밸런싱', en: '8. Service discovery and load balancing' },
  { directory: 'rollouts', ko: '9. 롤링 업데이트와 롤백', en: '9. Rolling updates and rollbacks' },
  { directory: 'config-storage', ko: '10. 구성, 시크릿, 스토리지', en: '10. Configuration, Secrets, storage' },
  { directory: 'landscape', ko: '11. 오케스트레이션 도구와 CNCF 랜드스케이프', en: '11. Orchestrators and the CNCF landscape' },
  { directory: 'distributions', ko: '12. 쿠버네티스 배포판', en: '12. Kubernetes distributions' },
  { directory: 'capstone', ko: '13. 캡스톤: 블랙 프라이데이', en: '13. Capstone: Black Friday' },
  { directory: 'instructors', ko: '강사용 안내', en: 'For instructors' },
];

/**
 * Builds running side by side (the test files, the bench) each get their own caches: Astro's content
 * layer and Vite's dependency cache are per-project folders that concurrent builds would overwrite.
 */
const cacheDir = process.env.ORCHESTRA_ASTRO_CACHE_DIR;

export default defineConfig({
  site: 'https://orchestra.example.org',
  ...(cacheDir ? { cacheDir } : {}),
  vite: {
    ...(cacheDir ? { cacheDir: `${cacheDir}/vite` } : {}),
    // Lessons live in content/, reached through the src/content/docs symlink; keeping the symlinked
    // path for modules gives every lesson one file path, the one the link validator expects.
    resolve: {
      alias: [
        { find: '~', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
        // Starlight's search: the Pagefind UI is downloaded when the search dialog opens, not on every page.
        { find: /^@pagefind\/default-ui$/, replacement: fileURLToPath(new URL('./src/site/pagefind-ui-on-demand.ts', import.meta.url)) },
      ],
      preserveSymlinks: true,
    },
    // The grading worker as an ES module: each lab's grader becomes its own chunk, loaded by the lab
    // that needs it, instead of every grader inlined into one worker.
    worker: { format: 'es' },
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
        rehypeScrollableTables,
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
      components: { Head: './src/components/Head.astro', PageTitle: './src/components/PageTitle.astro' },
      // Links in the lessons are checked at build, with their source file; a broken one fails the build.
      plugins: [starlightLinksValidator()],
      sidebar: MODULES.filter((m) => existsSync(new URL(`./content/${m.directory}/`, import.meta.url))).map((m) => ({
        label: m.ko,
        translations: { en: m.en },
        items: [{ autogenerate: { directory: m.directory } }],
      })),
    }),
    // Then every link in the built HTML (components and layouts too): the build fails on a broken one.
    linkCheck(),
  ],
});

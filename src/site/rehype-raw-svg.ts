/**
 * Turns the SVGs rehype-mermaid drew into `<Fragment set:html="…"/>`, the node Astro's own MDX
 * optimiser emits for static HTML, so that MDX passes them through as they are. Left as elements,
 * the `<style>` inside each SVG is rewritten by the MDX pipeline into a `set:html` attribute and the
 * diagram loses its colours.
 */
import type { Element, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';

export function rehypeRawSvg() {
  return (tree: Root): void => {
    const visit = (parent: { children: RootContent[] }): void => {
      parent.children = parent.children.map((child) => {
        if (child.type === 'element' && child.tagName === 'svg' && String(child.properties.id ?? '').startsWith('mermaid')) {
          const html = toHtml(child as Element, { space: 'svg' });
          return { type: 'mdxJsxFlowElement', name: 'Fragment', attributes: [{ type: 'mdxJsxAttribute', name: 'set:html', value: html }], children: [] } as unknown as RootContent;
        }
        if ('children' in child) visit(child as { children: RootContent[] });
        return child;
      });
    };
    visit(tree);
  };
}
